/**
 * CSV (formula) injection: a spreadsheet runs a cell that starts with =, +, -, @ (or a tab or CR,
 * which some strip first) as a formula, so a memo such as `=HYPERLINK(...)` from a hostile
 * counterparty would execute on an analyst's machine. On export such a cell gets a leading
 * apostrophe, which spreadsheets show as text; on import exactly one apostrophe is removed again.
 *
 * The mapping is reversible for every value: a value that already starts with apostrophes
 * followed by a trigger character gains one more, so `'=x` is written as `''=x` and reads back
 * as `'=x`. Values that merely start with an apostrophe (`'tis`) are left alone both ways.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_TRIGGER.test(value) || NEUTRALISED.test(value) ? `'${value}` : value;
}

export function restoreFormula(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}
