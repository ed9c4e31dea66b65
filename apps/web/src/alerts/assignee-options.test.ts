import { describe, expect, it } from 'vitest';
import { assigneeOptions } from './assignee-options.js';
import type { Assignee } from './use-assignees.js';

const me: Assignee = {
  id: '0192f3a4-0000-7000-8000-000000000001',
  email: 'ada@example.com',
  role: 'analyst',
};
const grace: Assignee = {
  id: '0192f3a4-0000-7000-8000-000000000002',
  email: 'grace@example.com',
  role: 'admin',
};
const linus: Assignee = {
  id: '0192f3a4-0000-7000-8000-000000000003',
  email: 'linus@example.com',
  role: 'analyst',
};
const members = [me, grace, linus];

describe('the assignee filter', () => {
  it('offers me, unassigned, then every colleague by email (the caller is "me")', () => {
    expect(
      assigneeOptions({ members, userId: me.id, selected: undefined, loading: false }),
    ).toEqual({
      values: ['me', 'unassigned', grace.id, linus.id],
      labels: {
        me: 'Assigned to me',
        unassigned: 'Unassigned',
        [grace.id]: 'grace@example.com',
        [linus.id]: 'linus@example.com',
      },
    });
  });

  it('offers me and unassigned alone while the members load, or when there are none', () => {
    expect(
      assigneeOptions({ members: [], userId: me.id, selected: 'me', loading: true }).values,
    ).toEqual(['me', 'unassigned']);
  });

  it('keeps showing a member the view filters by who is not (or not yet) listed', () => {
    const gone = '0192f3a4-0000-7000-8000-0000000000ff';
    const loading = assigneeOptions({ members: [], userId: me.id, selected: gone, loading: true });
    expect(loading.values).toEqual(['me', 'unassigned', gone]);
    expect(loading.labels[gone]).toBe('Loading members…');

    const left = assigneeOptions({ members, userId: me.id, selected: gone, loading: false });
    expect(left.values.at(-1)).toBe(gone);
    expect(left.labels[gone]).toBe('Another member');

    // The caller's own id, from a shared link: named by their email.
    const own = assigneeOptions({ members, userId: me.id, selected: me.id, loading: false });
    expect(own.labels[me.id]).toBe('ada@example.com');
  });
});
