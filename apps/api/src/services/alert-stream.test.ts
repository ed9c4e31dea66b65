import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type Alert, type NewTransaction, type Store } from '@klerno/db';
import { createLocalFanOut, type LocalFanOut } from '../alert-feed/fan-out.js';
import type { AlertFeed } from '../alert-feed/index.js';
import { CATCH_UP_PAGE_SIZE, streamAlerts, type AlertStreamOptions } from './alert-stream.js';
import { ingestTransactions } from './transactions.js';

let store: Store;
/** This process's listeners, as both feeds hold them; `gap()` is what a resubscription does. */
let fanOut: LocalFanOut;
let feed: AlertFeed;
let organizationId: string;
let counter = 0;

beforeEach(async () => {
  store = createMemoryStore();
  fanOut = createLocalFanOut((error) => {
    throw error;
  });
  feed = {
    publish: (organization, alerts) => fanOut.deliver(organization, alerts),
    subscribe: (organization, listener) => fanOut.subscribe(organization, listener),
    close: () => Promise.resolve(fanOut.clear()),
  };
  organizationId = (await store.organizations.create({ name: 'Stream' })).id;
});

function risky(): NewTransaction {
  counter += 1;
  return {
    chain: 'xrpl',
    txId: `T${counter}`,
    timestamp: '2025-01-01T00:00:00.000Z',
    fromAddress: 'rFrom',
    toAddress: 'rTo',
    amount: '20000',
    currency: 'XRP',
    direction: 'out',
    memo: null,
    fee: '0',
    tags: ['sanctioned'],
  };
}

/** Raises `count` alerts; announced on the feed unless `announce` is false (a lost message). */
async function raise(count = 1, announce = true): Promise<Alert[]> {
  const raised: Alert[] = [];
  await ingestTransactions(store, organizationId, Array.from({ length: count }, risky), null, {
    defaultRiskThreshold: 0.75,
    clock: () => new Date(),
    feed: {
      publish: (organization, alerts) => {
        raised.push(...alerts);
        if (announce) feed.publish(organization, alerts);
      },
    },
  });
  return raised;
}

function open(overrides: Partial<AlertStreamOptions> = {}) {
  const controller = new AbortController();
  const stream = streamAlerts({
    alerts: store.alerts,
    feed,
    organizationId,
    signal: controller.signal,
    ...overrides,
  });
  return { stream, controller };
}

async function take(stream: AsyncGenerator<Alert>, count: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const next = await stream.next();
    if (next.done) throw new Error('the stream returned');
    ids.push(next.value.id);
  }
  return ids;
}

const ids = (alerts: Alert[]) => alerts.map((alert) => alert.id);

describe('streamAlerts', () => {
  it('delivers alerts raised after it opened, not older ones', async () => {
    await raise(2);
    const { stream, controller } = open();
    const first = stream.next();
    const [live] = await raise();
    expect((await first).value).toEqual(live);
    controller.abort();
    await expect(stream.next()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('replays everything after lastEventId in id order, across catch-up pages, then goes live', async () => {
    const [seen] = await raise();
    const missed = await raise(CATCH_UP_PAGE_SIZE + 5);
    const { stream, controller } = open({ lastEventId: seen!.id });
    expect(await take(stream, missed.length)).toEqual(ids(missed).sort());
    const pending = stream.next();
    const [live] = await raise();
    expect((await pending).value?.id).toBe(live!.id);
    controller.abort();
  });

  it('delivers an alert raised while the backlog is being read exactly once', async () => {
    const [seen] = await raise();
    const [missed] = await raise();
    let during: Alert | undefined;
    const alerts: AlertStreamOptions['alerts'] = {
      list: (...args) => store.alerts.list(...args),
      // The first backlog read races an ingest that commits and announces its alert.
      since: async (...args) => {
        if (!during) [during] = await raise();
        return store.alerts.since(...args);
      },
    };
    const { stream, controller } = open({ alerts, lastEventId: seen!.id });
    expect(await take(stream, 2)).toEqual([missed!.id, during!.id]);
    const pending = stream.next();
    const [live] = await raise();
    expect((await pending).value?.id).toBe(live!.id);
    controller.abort();
  });

  it('catches up from the database when the feed reports a gap', async () => {
    const { stream, controller } = open();
    const first = stream.next();
    const [announced] = await raise();
    expect((await first).value?.id).toBe(announced!.id);

    const lost = await raise(3, false);
    const pending = take(stream, 3);
    fanOut.gap();
    expect(await pending).toEqual(ids(lost));
    controller.abort();
  });

  it('ends with what the periodic recheck throws', async () => {
    let checks = 0;
    const { stream, controller } = open({
      recheck: {
        everyMs: 10,
        check: () => {
          checks += 1;
          return checks < 3 ? Promise.resolve() : Promise.reject(new Error('signed out'));
        },
      },
    });
    await expect(stream.next()).rejects.toThrow('signed out');
    expect(checks).toBe(3);
    controller.abort();
  });

  it('stops listening to the feed once it ends', async () => {
    const { stream, controller } = open();
    const pending = stream.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await raise();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
