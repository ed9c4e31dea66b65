import { Iso20022Error, quoteForError } from './errors.js';
import { parseCamt053 } from './parse-camt053.js';
import { parsePain001 } from './parse-pain001.js';
import { parsePain002 } from './parse-pain002.js';
import type { Iso20022Message, Iso20022MessageType } from './types.js';
import { XmlNode } from './xml-node.js';
import { readXmlDocument, type ReadXmlOptions } from './xml-reader.js';

const NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:';

/** The message versions read, by kind (`pain.001.001.03` … `pain.001.001.11`, and so on). */
export const SUPPORTED_VERSIONS: Readonly<Record<Iso20022MessageType, readonly number[]>> = {
  'pain.001': [3, 4, 5, 6, 7, 8, 9, 10, 11],
  'pain.002': [3, 4, 5, 6, 7, 8, 9, 10],
  'camt.053': [2, 3, 4, 5, 6, 7, 8],
};

const MESSAGE_NAMESPACE =
  /^urn:iso:std:iso:20022:tech:xsd:(pain\.001|pain\.002|camt\.053)\.001\.(\d{2})$/;

/**
 * Parses a pain.001, pain.002 or camt.053 document into a typed message, detected by the
 * namespace of its `Document` element. Throws `Iso20022Error`: `too_large`, `dtd_forbidden`,
 * `malformed`, `unsupported_message` (another message or version) or `invalid_field`.
 */
export function parseIso20022(xml: string, options: ReadXmlOptions = {}): Iso20022Message {
  const root = readXmlDocument(xml, options);
  if (root.name !== 'Document') {
    throw new Iso20022Error(
      'unsupported_message',
      `The root element must be an ISO 20022 Document (found ${quoteForError(root.name)})`,
    );
  }
  const { type, version } = detectMessage(root.namespace);
  const document = XmlNode.root(root);
  switch (type) {
    case 'pain.001':
      return parsePain001(document, version);
    case 'pain.002':
      return parsePain002(document, version);
    case 'camt.053':
      return parseCamt053(document, version);
  }
}

function detectMessage(namespace: string | null): { type: Iso20022MessageType; version: string } {
  const supported = 'pain.001.001.03–11, pain.002.001.03–10 and camt.053.001.02–08';
  if (namespace === null || !namespace.startsWith(NAMESPACE_PREFIX)) {
    throw new Iso20022Error(
      'unsupported_message',
      `The Document has no ISO 20022 namespace; supported: ${supported}`,
    );
  }
  const match = MESSAGE_NAMESPACE.exec(namespace);
  const type = match?.[1] as Iso20022MessageType | undefined;
  const versionNumber = Number(match?.[2]);
  if (type === undefined || !SUPPORTED_VERSIONS[type].includes(versionNumber)) {
    const message = namespace.slice(NAMESPACE_PREFIX.length);
    throw new Iso20022Error(
      'unsupported_message',
      `${quoteForError(message)} is not supported; supported: ${supported}`,
    );
  }
  return { type, version: namespace.slice(NAMESPACE_PREFIX.length) };
}
