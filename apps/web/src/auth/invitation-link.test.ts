import { describe, expect, it } from 'vitest';
import { invitationLink, takeInvitationFromAddress } from './invitation-link.js';

function addressBar(href: string) {
  const state = { href };
  const location = {
    get href() {
      return state.href;
    },
  } as Location;
  const history = {
    state: null,
    replaceState: (_data: unknown, _unused: string, url: string) => {
      state.href = new URL(url, state.href).toString();
    },
  } as unknown as History;
  return { location, history, href: () => state.href };
}

describe('invitation links', () => {
  it('puts the token in the invite parameter of the console root', () => {
    expect(invitationLink('https://klerno.example.com', 'kli_abc-_9')).toBe(
      'https://klerno.example.com/?invite=kli_abc-_9',
    );
  });

  it('takes the token out of the address, keeping everything else', () => {
    const bar = addressBar('https://klerno.example.com/?invite=kli_abc&tab=2#top');
    expect(takeInvitationFromAddress(bar.location, bar.history)).toBe('kli_abc');
    expect(bar.href()).toBe('https://klerno.example.com/?tab=2#top');
  });

  it('is null without an invitation, or with an empty one (which is removed too)', () => {
    const none = addressBar('https://klerno.example.com/users');
    expect(takeInvitationFromAddress(none.location, none.history)).toBeNull();
    expect(none.href()).toBe('https://klerno.example.com/users');

    const empty = addressBar('https://klerno.example.com/?invite=');
    expect(takeInvitationFromAddress(empty.location, empty.history)).toBeNull();
    expect(empty.href()).toBe('https://klerno.example.com/');
  });
});
