import { isKlernoError } from '@klerno/sdk';

/** What the console tells a person about a failed API call. */
export interface ApiErrorDescription {
  /** tRPC error code (UNAUTHORIZED, BAD_REQUEST, …) or NETWORK when the API could not be reached. */
  code: string;
  message: string;
  /** Input problems keyed by field name, from the API's flattened zod issues. */
  fieldErrors: Readonly<Record<string, readonly string[]>>;
}

interface ErrorData {
  code?: unknown;
  httpStatus?: unknown;
  requestId?: unknown;
  retryAfter?: unknown;
  zodError?: unknown;
}

interface FlattenedIssues {
  formErrors: readonly string[];
  fieldErrors: Readonly<Record<string, readonly string[]>>;
}

const unreachable = 'Cannot reach the Klerno API. Check your connection and try again.';
const invalidInput = 'Please correct the highlighted fields.';
const serverFault = 'Something went wrong on our side. Please try again in a moment.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function readFlattenedIssues(value: unknown): FlattenedIssues | null {
  if (!isRecord(value)) return null;
  const formErrors = isStringList(value.formErrors) ? value.formErrors : [];
  const fieldErrors: Record<string, readonly string[]> = {};
  if (isRecord(value.fieldErrors)) {
    for (const [field, messages] of Object.entries(value.fieldErrors)) {
      if (isStringList(messages) && messages.length > 0) fieldErrors[field] = messages;
    }
  }
  return { formErrors, fieldErrors };
}

/** Raw validation messages arrive as serialised JSON; never show that to a person. */
function looksLikeMachineText(message: string): boolean {
  const trimmed = message.trim();
  return trimmed.startsWith('[') || trimmed.startsWith('{') || trimmed.length === 0;
}

function withReference(message: string, requestId: unknown): string {
  return typeof requestId === 'string' && requestId
    ? `${message} (reference ${requestId})`
    : message;
}

export function describeApiError(error: unknown): ApiErrorDescription {
  if (!isKlernoError(error)) {
    return { code: 'UNKNOWN', message: serverFault, fieldErrors: {} };
  }
  // Read field by field: the error formatter may grow, and a proxy may answer instead of the API.
  const data: ErrorData = isRecord(error.data) ? error.data : {};
  if (typeof data.code !== 'string') {
    // No tRPC error body: the request never reached the API, or something in between answered.
    return { code: 'NETWORK', message: unreachable, fieldErrors: {} };
  }
  const code = data.code;

  if (code === 'TOO_MANY_REQUESTS') {
    const seconds = typeof data.retryAfter === 'number' ? Math.ceil(data.retryAfter) : null;
    const message =
      seconds === null
        ? 'Too many attempts. Please wait a moment and try again.'
        : `Too many attempts. Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
    return { code, message, fieldErrors: {} };
  }

  if (code === 'INTERNAL_SERVER_ERROR') {
    return { code, message: withReference(serverFault, data.requestId), fieldErrors: {} };
  }

  const issues = readFlattenedIssues(data.zodError);
  if (issues) {
    const message = issues.formErrors[0] ?? invalidInput;
    return { code, message, fieldErrors: issues.fieldErrors };
  }

  const message = looksLikeMachineText(error.message) ? invalidInput : error.message;
  return { code, message, fieldErrors: {} };
}

/** A request's failure in words; null while it has not failed (a query's or mutation's `error`). */
export function describeFailure(error: unknown): ApiErrorDescription | null {
  return error === null || error === undefined ? null : describeApiError(error);
}

export function isUnauthorized(error: unknown): boolean {
  return describeApiError(error).code === 'UNAUTHORIZED';
}
