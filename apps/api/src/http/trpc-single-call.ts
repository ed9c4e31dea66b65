/**
 * One tRPC query (GET) or mutation (POST) served without the Fetch API round trip of the stock
 * adapter, with the stock adapter's behaviour (@trpc/server resolveResponse, non-batch branch):
 * the procedure is called the way tRPC calls it (its middlewares, input and output parsers and
 * the error formatter all run), its input is read lazily and memoised the same way, `onError` is
 * told the same things, and the answer has the same status, `vary` and `content-type` headers and
 * JSON body. Returns false, touching nothing, for any request it does not take; the caller then
 * hands it to the stock adapter. trpc-single-call.test.ts holds the two paths together.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { AnyRouter, inferRouterContext, inferRouterError } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
  TRPCError,
  urlPathToProcedurePath,
  type AnyProcedure,
  type inferRouterRootTypes,
  type TRPCRequestInfo,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';

/** Paths the lean path takes: no escapes, no batch separator (anything else: stock adapter). */
const PLAIN_PATH = /^[A-Za-z0-9_.~-]+$/;
/** Host headers that certainly make a valid URL (the stock adapter refuses invalid ones). */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;
const NOT_PARSED = Symbol('not parsed');

/** `content-type` is exactly `type` as tRPC compares it (case-insensitive, parameters ignored). */
function hasContentType(request: FastifyRequest, type: string): boolean {
  const header = request.headers['content-type'];
  return header?.toLowerCase().split(';', 1)[0]?.trim() === type;
}

/** The stock adapter's `isDataStream`: such data needs the streaming link. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  const values = Object.values(value);
  return values.some(isPromise) || values.some(isAsyncIterable);
}

/** The procedure the request calls, when it is one the lean path serves; null otherwise. */
async function procedureFor(
  request: FastifyRequest,
  router: AnyRouter,
  urlPath: string,
): Promise<{ procedure: AnyProcedure; path: string; search: URLSearchParams } | null> {
  const { method, headers } = request;
  if (method !== 'GET' && method !== 'POST') return null;
  if (!PLAIN_PATH.test(urlPath)) return null;
  if (headers.host !== undefined && !PLAIN_HOST.test(headers.host)) return null;
  // Streaming (jsonl) requests and batches: the stock adapter.
  if (headers['trpc-accept'] !== undefined) return null;
  if (headers.accept?.split(',').some((type) => type.trim() === 'application/jsonl')) return null;
  const queryStart = request.url.indexOf('?');
  const search = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
  if (search.has('batch') || search.has('connectionParams')) return null;
  if (method === 'POST' ? !hasContentType(request, 'application/json') : hasBodyType(request)) {
    return null;
  }
  const path = urlPathToProcedurePath(urlPath, router._def._config.pathSeparator);
  const procedure = await getProcedureAtPath(router, path);
  const wanted = method === 'GET' ? 'query' : 'mutation';
  if (!procedure || procedure._def.type !== wanted) return null;
  return { procedure, path, search };
}

/** A GET whose content-type tRPC would route to its form-data or binary handler. */
function hasBodyType(request: FastifyRequest): boolean {
  return (
    hasContentType(request, 'multipart/form-data') ||
    hasContentType(request, 'application/octet-stream')
  );
}

/** The request's raw input, parsed on first use and memoised (tRPC's `memo` in contentType.ts). */
function inputReader(request: FastifyRequest, search: URLSearchParams, router: AnyRouter) {
  let value: unknown = NOT_PARSED;
  let pending: Promise<unknown> | null = null;
  const parse = (): unknown => {
    const text =
      request.method === 'GET'
        ? search.get('input')
        : typeof request.body === 'string'
          ? request.body
          : null;
    // An empty body or no ?input= is "no input", like the stock adapter's.
    if (!text) return undefined;
    return router._def._config.transformer.input.deserialize(JSON.parse(text));
  };
  return {
    read: async (): Promise<unknown> => {
      if (value !== NOT_PARSED) return value;
      pending ??= Promise.resolve()
        .then(parse)
        .catch((cause: unknown) => {
          if (cause instanceof TRPCError) throw cause;
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: cause instanceof Error ? cause.message : 'Invalid input',
            cause,
          });
        });
      value = await pending;
      pending = null;
      return value;
    },
    /** The input once read (for errors and `onError`), else undefined. */
    result: (): unknown => (value === NOT_PARSED ? undefined : value),
  };
}

/** Aborts when the client goes away before the answer is complete (as the stock adapter's signal). */
function clientSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const response = reply.raw;
  const onClose = () => {
    if (!response.writableEnded) controller.abort();
  };
  response.once('close', onClose);
  return controller.signal;
}

/**
 * A Buffer, not a string: Fastify would add `; charset=utf-8` to the content type of a string,
 * and the stock adapter's answer says `application/json` only.
 */
function send(reply: FastifyReply, status: number, body: string): void {
  void reply
    .code(status)
    .header('content-type', 'application/json')
    .header('vary', 'trpc-accept, accept')
    .send(Buffer.from(body));
}

/**
 * Serves the request if it is a single query (GET) or mutation (POST) of a known procedure with a
 * JSON or no body; returns false otherwise, having sent nothing.
 */
export async function serveSingleCall<TRouter extends AnyRouter>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: FastifyTRPCPluginOptions<TRouter>['trpcOptions'],
  urlPath: string,
): Promise<boolean> {
  const { router } = options;
  const target = await procedureFor(request, router, urlPath);
  if (!target) return false;
  const { procedure, path, search } = target;
  const config: TRouter['_def']['_config'] = router._def._config;
  const type = procedure._def.type;
  const input = inputReader(request, search, router);
  const signal = clientSignal(reply);

  let ctx: inferRouterContext<TRouter> | undefined = undefined;
  let contextError: TRPCError | null = null;
  try {
    const info: TRPCRequestInfo = {
      isBatchCall: false,
      accept: null,
      type,
      calls: [{ batchIndex: 0, path, procedure, getRawInput: input.read, result: input.result }],
      connectionParams: null,
      signal,
      url: null,
    };
    ctx = await options.createContext?.({ req: request, res: reply, info });
  } catch (cause) {
    contextError = getTRPCErrorFromUnknown(cause);
  }

  const fail = (cause: unknown, where: { path: string | undefined; input: unknown }) => {
    const error = getTRPCErrorFromUnknown(cause);
    options.onError?.({ error, path: where.path, input: where.input, ctx, type, req: request });
    const response: TRPCResponse<unknown, inferRouterError<TRouter>> = {
      error: getErrorShape<inferRouterRootTypes<TRouter>>({
        config,
        ctx,
        error,
        input: where.input,
        path: where.path,
        type,
      }),
    };
    const body = JSON.stringify(transformTRPCResponse(config, response));
    send(reply, getHTTPStatusCode(response, [error]), body);
  };

  let data: unknown;
  try {
    if (contextError) throw contextError;
    data = await procedure({ path, getRawInput: input.read, ctx, type, signal, batchIndex: 0 });
  } catch (cause) {
    fail(cause, { path, input: input.result() });
    return true;
  }
  if (isDataStream(data)) {
    // The stock adapter throws this outside the call, so it reaches onError without a path.
    fail(
      new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
      }),
      { path: undefined, input: undefined },
    );
    return true;
  }
  let body: string;
  try {
    body = JSON.stringify(transformTRPCResponse(config, { result: { data } }));
  } catch (cause) {
    // Unserialisable data (a BigInt…): the stock adapter also reports it without a path.
    fail(cause, { path: undefined, input: undefined });
    return true;
  }
  send(reply, 200, body);
  return true;
}
