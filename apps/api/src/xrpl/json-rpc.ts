import { XrplError } from './errors.js';
import { describeIssues, jsonRpcEnvelopeSchema } from './schema.js';

export type FetchFunction = typeof globalThis.fetch;

export interface JsonRpcCall {
  rpcUrl: string;
  method: string;
  params: Record<string, unknown>;
  timeoutMs: number;
  /** Answers larger than this are refused (a page of 400 transactions is a few MB). */
  maxResponseBytes: number;
  fetch: FetchFunction;
  signal?: AbortSignal | undefined;
}

/** The host we name in messages: never the path or user info, which may hold a provider's key. */
export function describeNode(rpcUrl: string): string {
  try {
    return new URL(rpcUrl).host || 'the XRPL node';
  } catch {
    return 'the XRPL node';
  }
}

/**
 * fetch refuses URLs with user info; providers that use it mean HTTP Basic authentication.
 */
function splitCredentials(rpcUrl: string): { url: string; authorization?: string } {
  const url = new URL(rpcUrl);
  if (url.username === '' && url.password === '') return { url: rpcUrl };
  const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
  url.username = '';
  url.password = '';
  return {
    url: url.toString(),
    authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`,
  };
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

/**
 * One JSON-RPC call to a rippled/Clio node. Returns `result` when the node reports success; every
 * failure (timeout, transport, HTTP status, non-JSON, node error) becomes an XrplError.
 * The timeout covers the whole exchange, body included.
 */
export async function callJsonRpc(call: JsonRpcCall): Promise<Record<string, unknown>> {
  const node = describeNode(call.rpcUrl);
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;

  const { url, authorization } = splitCredentials(call.rpcUrl);

  let body: string;
  let status: number;
  try {
    const response = await call.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify({ method: call.method, params: [call.params] }),
      signal,
      // A redirect becomes an http_error naming its status instead of re-sending the body elsewhere.
      redirect: 'manual',
    });
    status = response.status;
    body = await readTextWithin(response, call.maxResponseBytes, node);
  } catch (error) {
    if (error instanceof XrplError) throw error;
    if (timeout.aborted) {
      throw new XrplError(
        'timeout',
        `${node} did not answer ${call.method} within ${call.timeoutMs} ms`,
        {
          cause: error,
        },
      );
    }
    if (call.signal?.aborted) {
      throw new XrplError('aborted', `The ${call.method} request to ${node} was cancelled`, {
        cause: error,
      });
    }
    throw new XrplError('network_error', `Could not reach ${node}: ${networkReason(error)}`, {
      cause: error,
    });
  }

  const ok = status >= 200 && status <= 299;
  const json = parseJson(body);
  const envelope = jsonRpcEnvelopeSchema.safeParse(json);
  // Some nodes and proxies send a JSON-RPC error with a 4xx/5xx status: the node's words win.
  if (envelope.success)
    throwIfNodeError(envelope.data.result, call.method, node, ok ? undefined : status);
  if (!ok) {
    throw new XrplError('http_error', `${node} answered ${call.method} with HTTP ${status}`, {
      httpStatus: status,
    });
  }
  if (json === undefined) {
    throw new XrplError(
      'malformed_response',
      `${node} answered ${call.method} with something that is not JSON`,
    );
  }
  if (!envelope.success) {
    throw new XrplError(
      'malformed_response',
      `${node} sent a malformed ${call.method} answer: ${describeIssues(envelope.error, 'body')}`,
    );
  }
  return envelope.data.result;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface JsonRpcResult {
  status?: string | undefined;
  error?: string | undefined;
  error_code?: number | undefined;
  error_message?: string | undefined;
}

function throwIfNodeError(
  result: JsonRpcResult,
  method: string,
  node: string,
  httpStatus: number | undefined,
): void {
  if (result.status !== 'error' && result.error === undefined) return;
  const token = result.error ?? 'unknown';
  const explanation = result.error_message ?? token;
  throw new XrplError('node_error', `${node} refused ${method}: ${token} (${clip(explanation)})`, {
    nodeError: token,
    ...(result.error_code === undefined ? {} : { nodeErrorCode: result.error_code }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
  });
}

async function readTextWithin(response: Response, maxBytes: number, node: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(node, maxBytes);
  }
  if (response.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge(node, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(node: string, maxBytes: number): XrplError {
  return new XrplError(
    'malformed_response',
    `${node} sent an answer larger than ${maxBytes} bytes`,
  );
}

/** The low-level reason (ECONNREFUSED, ENOTFOUND, …) without the URL it was about. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return 'the connection failed';
}

function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
