/**
 * How large a request, and a document sent inside one, may be. Documents (a CSV upload, an
 * ISO 20022 file) travel as a string in a tRPC JSON body, so they get what the body limit leaves
 * after the JSON around them. Larger documents are refused with 413: by the document's own check
 * (tRPC's error shape, the limit named), or by the body limit before (SPEC §3's error shape).
 */

/** Every request body (SPEC §3: tRPC bodies ≤ 1 MiB, 413 over). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** A CSV or XML document inside a tRPC body (UTF-8 bytes; base64 CSV: the decoded bytes). */
export const MAX_DOCUMENT_BYTES = 1000 * 1024;
