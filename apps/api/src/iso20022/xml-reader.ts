/**
 * Turns untrusted XML text into a plain element tree, safely:
 * - a size limit checked before any parsing;
 * - any DTD or entity declaration refused outright (no billion laughs, no external entities:
 *   nothing is ever fetched or expanded);
 * - well-formedness checked by fast-xml-parser's validator, then parsed with entity processing
 *   off; the five predefined entities and character references are decoded here, in one pass
 *   (a reference never produces another reference), and any other entity is an error;
 * - nesting depth capped, so hostile input cannot exhaust the stack.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Iso20022Error } from './errors.js';
import { isXmlSafe } from './xml-writer.js';

export const DEFAULT_MAX_XML_BYTES = 5 * 1024 * 1024;
/** ISO 20022 messages nest about 15 levels deep. */
const MAX_NESTING = 64;

export interface XmlElement {
  /** The local name, without a namespace prefix. */
  name: string;
  /** The namespace URI in scope for the element (null when there is none). */
  namespace: string | null;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The element's own text (decoded, CDATA included); whitespace is kept. */
  text: string;
}

export interface ReadXmlOptions {
  /** Largest accepted document, in UTF-8 bytes (default 5 MiB). */
  maxBytes?: number;
}

const DECLARES_DTD_OR_ENTITY = /<!\s*(?:DOCTYPE|ENTITY)/i;
const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';
const CDATA_KEY = '#cdata';

const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: CDATA_KEY,
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_NESTING,
});

export function readXmlDocument(xml: string, options: ReadXmlOptions = {}): XmlElement {
  if (typeof xml !== 'string') throw new Iso20022Error('malformed', 'The document must be text');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // A UTF-8 encoding is never shorter than the UTF-16 length, so the cheap test comes first.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    throw new Iso20022Error(
      'too_large',
      `The document is larger than ${formatBytes(maxBytes)}; split it into smaller files`,
    );
  }
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (DECLARES_DTD_OR_ENTITY.test(text)) {
    throw new Iso20022Error(
      'dtd_forbidden',
      'DTDs are not accepted: remove the <!DOCTYPE> and any <!ENTITY> declarations',
    );
  }
  const validation = safely(() => XMLValidator.validate(text));
  if (validation !== true) {
    const where = validation.err.line === undefined ? '' : ` (line ${validation.err.line})`;
    throw new Iso20022Error('malformed', `Not well-formed XML${where}: ${validation.err.msg}`);
  }
  const nodes = safely(() => parser.parse(text) as unknown);
  const roots = Array.isArray(nodes) ? nodes.filter(isElementEntry) : [];
  const [root] = roots;
  if (roots.length !== 1 || root === undefined) {
    throw new Iso20022Error('malformed', 'Not well-formed XML: exactly one root element expected');
  }
  return toElement(root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function safely<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Iso20022Error) throw error;
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'parser failure';
    throw new Iso20022Error('malformed', `Not well-formed XML: ${reason}`);
  }
}

type OrderedEntry = Record<string, unknown>;

function isElementEntry(entry: unknown): entry is OrderedEntry {
  return typeof entry === 'object' && entry !== null && tagOf(entry as OrderedEntry) !== null;
}

function tagOf(entry: OrderedEntry): string | null {
  for (const key of Object.keys(entry)) {
    if (key !== ATTRIBUTES_KEY && key !== TEXT_KEY && key !== CDATA_KEY) return key;
  }
  return null;
}

function toElement(entry: OrderedEntry, inheritedScope: ReadonlyMap<string, string>): XmlElement {
  const qualifiedName = tagOf(entry) ?? '';
  const attributes = decodeAttributes(entry[ATTRIBUTES_KEY]);
  const scope = namespaceScope(attributes, inheritedScope);
  const colon = qualifiedName.indexOf(':');
  const prefix = colon === -1 ? '' : qualifiedName.slice(0, colon);
  const namespace = scope.get(prefix) ?? null;
  if (prefix !== '' && namespace === null) {
    throw new Iso20022Error('malformed', `Namespace prefix "${prefix}" is not declared`);
  }

  const children: XmlElement[] = [];
  let text = '';
  const content = entry[qualifiedName];
  for (const item of Array.isArray(content) ? (content as OrderedEntry[]) : []) {
    if (TEXT_KEY in item) text += decodeText(item[TEXT_KEY]);
    else if (CDATA_KEY in item) text += cdataText(item[CDATA_KEY]);
    else if (isElementEntry(item)) children.push(toElement(item, scope));
  }
  return {
    name: colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1),
    namespace: namespace === '' ? null : namespace,
    attributes,
    children,
    text,
  };
}

function namespaceScope(
  attributes: Readonly<Record<string, string>>,
  inherited: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  let scope: Map<string, string> | null = null;
  for (const [name, value] of Object.entries(attributes)) {
    const prefix = name === 'xmlns' ? '' : name.startsWith('xmlns:') ? name.slice(6) : null;
    if (prefix === null) continue;
    scope ??= new Map(inherited);
    scope.set(prefix, value);
  }
  return scope ?? inherited;
}

function decodeAttributes(raw: unknown): Readonly<Record<string, string>> {
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof raw !== 'object' || raw === null) return attributes;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const rawValue = typeof value === 'string' ? value : '';
    if (rawValue.includes('<')) {
      throw new Iso20022Error('malformed', `Attribute ${name} contains a raw "<"`);
    }
    attributes[name] = decodeReferences(rawValue);
  }
  return attributes;
}

function decodeText(raw: unknown): string {
  return decodeReferences(typeof raw === 'string' ? raw : '');
}

function cdataText(raw: unknown): string {
  const pieces = Array.isArray(raw) ? (raw as OrderedEntry[]) : [];
  const text = pieces
    .map((piece) => (typeof piece[TEXT_KEY] === 'string' ? piece[TEXT_KEY] : ''))
    .join('');
  if (!isXmlSafe(text)) throw forbiddenCharacter();
  return text;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const REFERENCE = /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z_][A-Za-z0-9._-]{0,63});/g;

/** Decodes the predefined entities and character references; anything else is an error. */
function decodeReferences(raw: string): string {
  const decoded = raw.includes('&') ? raw.replace(REFERENCE, decodeReference) : raw;
  if (raw.replace(REFERENCE, '').includes('&')) {
    throw new Iso20022Error('malformed', 'Not well-formed XML: a "&" that starts no reference');
  }
  if (!isXmlSafe(decoded)) throw forbiddenCharacter();
  return decoded;
}

function decodeReference(_match: string, reference: string): string {
  if (reference.startsWith('#')) {
    const codePoint = reference.startsWith('#x')
      ? Number.parseInt(reference.slice(2), 16)
      : Number.parseInt(reference.slice(1), 10);
    const char = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\u0000';
    if (!isXmlSafe(char)) throw forbiddenCharacter();
    return char;
  }
  const value = PREDEFINED_ENTITIES[reference];
  if (value === undefined) {
    throw new Iso20022Error(
      'malformed',
      `Entity &${reference}; is not defined (only the five XML entities and character references are; DTD entities are not accepted)`,
    );
  }
  return value;
}

function forbiddenCharacter(): Iso20022Error {
  return new Iso20022Error('malformed', 'Not well-formed XML: a character XML 1.0 does not allow');
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
