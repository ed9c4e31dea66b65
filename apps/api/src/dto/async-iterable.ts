/**
 * `.output()` for a subscription: the resolver returns an async generator, so the schema checks
 * each event as it is yielded (a plain object schema would be handed the generator itself).
 */
import { isTrackedEnvelope, tracked, type TrackedEnvelope } from '@trpc/server';
import { z } from 'zod';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Events made with `tracked(id, data)`, each `data` checked (and stripped of unknown fields) by
 * `event`. Closing the checked stream closes the resolver's generator.
 */
export function trackedEvents<Schema extends z.ZodType>(event: Schema) {
  return z
    .custom<AsyncIterable<TrackedEnvelope<z.input<Schema>>>>(isAsyncIterable)
    .transform(async function* (events): AsyncGenerator<TrackedEnvelope<z.output<Schema>>> {
      const iterator = events[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          if (!isTrackedEnvelope(next.value)) throw new Error('untracked subscription event');
          const [id, data] = next.value;
          yield tracked(id, await event.parseAsync(data));
        }
      } finally {
        await iterator.return?.();
      }
    });
}
