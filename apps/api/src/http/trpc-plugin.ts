/**
 * tRPC on Fastify: the stock adapter's plugin with a lean path for single calls.
 *
 * Why: the stock adapter turns every request into a Fetch `Request` and the answer into a
 * streamed `Response`, with several AbortSignals on the way; for a small procedure that costs
 * more CPU than the procedure (/work/shared/PERFORMANCE.md, and `pnpm bench` profiles). Single
 * (non-batched) query and mutation calls — what the SDK's and the console's links send one at a
 * time — are served by `serveSingleCall` (trpc-single-call.ts), which runs the procedure through
 * tRPC's own call machinery (the same middlewares: rate limits, authentication, time limits,
 * the error formatter) and writes tRPC's response. Everything else — batches, subscriptions
 * (SSE), streaming, form data, unknown paths, wrong methods, HEAD — goes to the stock adapter.
 */
import type { FastifyInstance } from 'fastify';
import {
  fastifyRequestHandler,
  type FastifyTRPCPluginOptions,
} from '@trpc/server/adapters/fastify';
import type { AnyRouter } from '@trpc/server';
import { serveSingleCall } from './trpc-single-call.js';

export interface TrpcPluginOptions<TRouter extends AnyRouter> {
  trpcOptions: FastifyTRPCPluginOptions<TRouter>['trpcOptions'];
  /** Serve single calls on the lean path (default true); false: the stock adapter for all. */
  singleCallPath?: boolean;
}

/**
 * Register with `app.register(trpcPlugin, { prefix, trpcOptions })`, like `fastifyTRPCPlugin`.
 * Not wrapped in fastify-plugin, so its JSON body parser (the raw string, as tRPC parses it)
 * applies to its own routes only.
 */
export function trpcPlugin<TRouter extends AnyRouter>(
  fastify: FastifyInstance,
  options: TrpcPluginOptions<TRouter>,
  done: (error?: Error) => void,
): void {
  const { trpcOptions } = options;
  // The stock plugin's parsers: tRPC reads JSON bodies (and form data) itself.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request, body, parsed) => parsed(null, body),
  );
  fastify.removeContentTypeParser('multipart/form-data');
  fastify.addContentTypeParser('multipart/form-data', {}, (_request, body, parsed) =>
    parsed(null, body),
  );
  const lean = (options.singleCallPath ?? true) && trpcOptions.responseMeta === undefined;

  fastify.all<{ Params: { path: string } }>('/:path', async (request, reply) => {
    const { path } = request.params;
    if (lean && (await serveSingleCall(request, reply, trpcOptions, path))) return reply;
    await fastifyRequestHandler({ ...trpcOptions, req: request, res: reply, path });
    return reply;
  });
  done();
}
