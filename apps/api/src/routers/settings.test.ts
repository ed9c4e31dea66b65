import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Settings = Outputs['settings']['get'];

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer({ env: { RISK_THRESHOLD: '0.8' } });
});
afterAll(() => api?.close());

const get = (member: Member) => ok<Settings>(api.url, 'settings.get', undefined, member.credential);
const update = (member: Member, patch: unknown) =>
  ok<Settings>(api.url, 'settings.update', patch, member.credential);

describe('settings.get / update', () => {
  it('starts at the application defaults', async () => {
    const admin = await signUp(api.url);
    expect(await get(admin)).toEqual({
      riskThreshold: 0.8,
      riskThresholdIsDefault: true,
      timeRangeDays: 30,
    });
  });

  it('changes only the fields given, and null brings the default threshold back', async () => {
    const admin = await signUp(api.url);
    expect(await update(admin, { riskThreshold: 0.6125 })).toEqual({
      riskThreshold: 0.6125,
      riskThresholdIsDefault: false,
      timeRangeDays: 30,
    });
    expect(await update(admin, { timeRangeDays: 90 })).toEqual({
      riskThreshold: 0.6125,
      riskThresholdIsDefault: false,
      timeRangeDays: 90,
    });
    expect(await get(admin)).toMatchObject({ riskThreshold: 0.6125, timeRangeDays: 90 });
    expect(await update(admin, { riskThreshold: null })).toEqual({
      riskThreshold: 0.8,
      riskThresholdIsDefault: true,
      timeRangeDays: 90,
    });
  });

  it('accepts the bounds 0, 1, 1 day and 3650 days', async () => {
    const admin = await signUp(api.url);
    expect(await update(admin, { riskThreshold: 0, timeRangeDays: 1 })).toMatchObject({
      riskThreshold: 0,
      riskThresholdIsDefault: false,
      timeRangeDays: 1,
    });
    expect(await update(admin, { riskThreshold: 1, timeRangeDays: 3650 })).toMatchObject({
      riskThreshold: 1,
      timeRangeDays: 3650,
    });
  });

  it.each([
    [{ riskThreshold: -0.01 }, /riskThreshold must be between 0 and 1/],
    [{ riskThreshold: 1.0001 }, /riskThreshold must be between 0 and 1/],
    [{ riskThreshold: 0.12345 }, /riskThreshold must have at most 4 decimals/],
    [{ riskThreshold: '0.5' }, /riskThreshold/],
    [{ timeRangeDays: 0 }, /timeRangeDays must be at least 1/],
    [{ timeRangeDays: 3651 }, /timeRangeDays must be at most 3650/],
    [{ timeRangeDays: 1.5 }, /timeRangeDays must be a whole number/],
    [{ timeRangeDays: null }, /timeRangeDays/],
  ])('refuses %j with a clear 400 and changes nothing', async (patch, message) => {
    const admin = await signUp(api.url);
    const result = await call(api.url, 'settings.update', patch, admin.credential);
    expect(result.status).toBe(400);
    expect(result.error?.message).toMatch(message);
    expect(await get(admin)).toEqual({
      riskThreshold: 0.8,
      riskThresholdIsDefault: true,
      timeRangeDays: 30,
    });
  });

  it('lets an API key read and change its creator’s settings', async () => {
    const admin = await signUp(api.url);
    const key = { apiKey: (await createKey(api.url, admin, 'viewer')).secret };
    await ok(api.url, 'settings.update', { timeRangeDays: 7 }, key);
    expect(await get(admin)).toMatchObject({ timeRangeDays: 7 });
    expect(await ok<Settings>(api.url, 'settings.get', undefined, key)).toMatchObject({
      timeRangeDays: 7,
    });
  });
});

describe('settings isolation', () => {
  it('keeps each user’s settings their own, in the same organization or another', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    const stranger = await signUp(api.url);
    await update(viewer, { riskThreshold: 0.25, timeRangeDays: 365 });
    for (const other of [admin, stranger]) {
      expect(await get(other)).toEqual({
        riskThreshold: 0.8,
        riskThresholdIsDefault: true,
        timeRangeDays: 30,
      });
    }
    await update(admin, { riskThreshold: 0.9 });
    expect(await get(viewer)).toEqual({
      riskThreshold: 0.25,
      riskThresholdIsDefault: false,
      timeRangeDays: 365,
    });
  });
});
