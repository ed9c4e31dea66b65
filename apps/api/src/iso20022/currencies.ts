/**
 * ISO 4217 alphabetic codes, current as of 2025 (funds codes, precious metals and the X-codes
 * included), plus recently withdrawn ones still met in files (ANG, CUC, HRK, SLL, ZWL):
 * ISO 20022 amounts are `ActiveOrHistoricCurrencyCode`.
 */
const ISO_4217 = `
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN
BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK
DJF DKK DOP DZD
EGP ERN ETB EUR
FJD FKP
GBP GEL GHS GIP GMD GNF GTQ GYD
HKD HNL HRK HTG HUF
IDR ILS INR IQD IRR ISK
JMD JOD JPY
KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN
NAD NGN NIO NOK NPR NZD
OMR
PAB PEN PGK PHP PKR PLN PYG
QAR
RON RSD RUB RWF
SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL
THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD USN UYI UYU UYW UZS
VED VES VND VUV
WST
XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX
YER
ZAR ZMW ZWG ZWL
`;

export const ISO_4217_CODES: ReadonlySet<string> = new Set(ISO_4217.trim().split(/\s+/));

export function isIso4217(code: string): boolean {
  return ISO_4217_CODES.has(code);
}

/**
 * Klerno's convention for crypto assets in ISO 20022 (ISO 4217 has no code for XRP or for tokens
 * issued on a ledger, and an issued "USD" is not US dollars):
 * - `InstdAmt` carries the exact amount with `Ccy="XXX"`, the ISO 4217 code for "no currency
 *   involved", so the file keeps a valid currency code and no bank reads it as fiat;
 * - the transaction's `SplmtryData` (the ISO extension point) names the asset:
 *   `<SplmtryData><PlcAndNm>…/Amt/InstdAmt</PlcAndNm><Envlp><DgtlAsst xmlns="urn:klerno:xsd:dgtlasst.001">
 *   <Cd>XRP</Cd><Issr>r…</Issr></DgtlAsst></Envlp></SplmtryData>` (`Issr` only for issued tokens).
 * `parseIso20022` reads the pair back as `{ currency: 'XRP', issuer, digitalAsset: true }`.
 */
export const DIGITAL_ASSET_CCY = 'XXX';
export const DIGITAL_ASSET_NAMESPACE = 'urn:klerno:xsd:dgtlasst.001';
export const DIGITAL_ASSET_PLACE = '/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt';

/** Assets native to a ledger, written without an issuer. */
export const NATIVE_DIGITAL_ASSETS: ReadonlySet<string> = new Set(['XRP']);

/** A token code as transactions carry it: 3 letters or digits, or XRPL's 40 hex digits. */
const ISSUED_CURRENCY_CODE = /^(?:[A-Za-z0-9]{3}|[0-9A-Fa-f]{40})$/;

export function isIssuedCurrencyCode(code: string): boolean {
  return ISSUED_CURRENCY_CODE.test(code) && code !== 'XRP';
}
