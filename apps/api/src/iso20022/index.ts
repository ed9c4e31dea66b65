export { validateBic, type BicErrorCode, type BicValidation } from './bic.js';
export {
  DIGITAL_ASSET_CCY,
  DIGITAL_ASSET_NAMESPACE,
  ISO_4217_CODES,
  isIso4217,
} from './currencies.js';
export { Iso20022Error, type Iso20022ErrorCode } from './errors.js';
export type {
  Pain001AccountInput,
  Pain001AgentInput,
  Pain001ExportInput,
  Pain001PartyInput,
  Pain001TransactionInput,
} from './export-input.js';
export { MAX_PAIN001_TRANSACTIONS } from './export-validation.js';
export {
  IBAN_LENGTHS,
  formatIban,
  validateIban,
  type IbanErrorCode,
  type IbanValidation,
} from './iban.js';
export { SUPPORTED_VERSIONS, parseIso20022 } from './parse.js';
export { PAIN001_NAMESPACE, exportPain001 } from './pain001-export.js';
export type * from './types.js';
export { DEFAULT_MAX_XML_BYTES, type ReadXmlOptions } from './xml-reader.js';
