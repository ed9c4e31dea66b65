/** What went wrong while talking to an XRPL node; callers branch on `code`, people read `message`. */
export type XrplErrorCode =
  /** The account (or an option) is not something we can send: nothing was requested. */
  | 'invalid_address'
  | 'invalid_options'
  /** The node answered with a JSON-RPC error, e.g. actNotFound or slowDown. */
  | 'node_error'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The node could not be reached (DNS, refused connection, reset, TLS). */
  | 'network_error'
  /** The node answered with a non-2xx HTTP status. */
  | 'http_error'
  /** The answer is not JSON, too large, or not shaped like an account_tx result. */
  | 'malformed_response';

export interface XrplErrorDetails {
  /** The node's error token for `node_error`, e.g. "actNotFound". */
  nodeError?: string;
  /** The node's numeric error code for `node_error`, when it sent one. */
  nodeErrorCode?: number;
  /** The HTTP status for `http_error`. */
  httpStatus?: number;
  /** Whether trying again later may succeed (overload, timeouts, 5xx). */
  retryable?: boolean;
  cause?: unknown;
}

/** Node errors that say "not now" rather than "never". */
const RETRYABLE_NODE_ERRORS = new Set([
  'slowDown',
  'tooBusy',
  'noNetwork',
  'noCurrent',
  'noClosed',
  'notSynced',
  'notReady',
  'lgrNotFound',
]);

const RETRYABLE_HTTP_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * The one error type this module throws. Messages name the node by host only: an RPC URL may carry
 * a provider's API key in its path or user info, and messages end up in logs.
 */
export class XrplError extends Error {
  override readonly name = 'XrplError';
  readonly nodeError: string | undefined;
  readonly nodeErrorCode: number | undefined;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;

  constructor(
    readonly code: XrplErrorCode,
    message: string,
    details: XrplErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.nodeError = details.nodeError;
    this.nodeErrorCode = details.nodeErrorCode;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable ?? defaultRetryable(code, details);
  }
}

function defaultRetryable(code: XrplErrorCode, details: XrplErrorDetails): boolean {
  switch (code) {
    case 'timeout':
    case 'network_error':
      return true;
    case 'http_error':
      return details.httpStatus !== undefined && RETRYABLE_HTTP_STATUSES.has(details.httpStatus);
    case 'node_error':
      return details.nodeError !== undefined && RETRYABLE_NODE_ERRORS.has(details.nodeError);
    default:
      return false;
  }
}
