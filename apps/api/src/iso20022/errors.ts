import { InvalidInputError } from '@klerno/db';

/**
 * What went wrong with an ISO 20022 document or export request:
 * - `too_large`: the document is over the size limit (nothing was parsed);
 * - `dtd_forbidden`: the document declares a DTD or entities (refused before parsing);
 * - `malformed`: not well-formed XML (or an undefined entity / forbidden character);
 * - `unsupported_message`: well-formed, but not a message type and version we read;
 * - `invalid_field`: a field is missing or its value is not what the message allows.
 */
export type Iso20022ErrorCode =
  'too_large' | 'dtd_forbidden' | 'malformed' | 'unsupported_message' | 'invalid_field';

/**
 * The one error class of this module. It is an `InvalidInputError`, so the API answers it with
 * 400 and its message: messages name the field (an XPath-like `path`) but never echo long values.
 */
export class Iso20022Error extends InvalidInputError {
  override readonly name = 'Iso20022Error';
  constructor(
    readonly code: Iso20022ErrorCode,
    message: string,
    /** Where in the document or the export input, e.g. `PmtInf[1]/CdtTrfTxInf[3]/Amt/InstdAmt`. */
    readonly path?: string,
  ) {
    super(path === undefined ? message : `${path}: ${message}`);
  }
}

export function invalidField(path: string, message: string): Iso20022Error {
  return new Iso20022Error('invalid_field', message, path);
}

/** A short, safe rendering of a value for an error message (never the whole of a long value). */
export function quoteForError(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}
