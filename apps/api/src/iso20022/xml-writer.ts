/** A tiny XML writer: an element tree rendered with escaping, two-space indentation and UTF-8. */

export interface XmlElementNode {
  name: string;
  attributes?: Readonly<Record<string, string>>;
  /** Text content (for a leaf) — escaped on output. */
  text?: string;
  children?: readonly XmlElementNode[];
}

/** Children may include `null`/`undefined`/`false` for optional parts; they are left out. */
type MaybeNode = XmlElementNode | null | undefined | false;

export function element(
  name: string,
  content: string | readonly MaybeNode[],
  attributes?: Readonly<Record<string, string>>,
): XmlElementNode {
  const node: XmlElementNode =
    typeof content === 'string'
      ? { name, text: content }
      : { name, children: content.filter((child): child is XmlElementNode => Boolean(child)) };
  return attributes === undefined ? node : { ...node, attributes };
}

/** Characters XML 1.0 cannot carry at all, not even as a character reference. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function isXmlSafe(text: string): boolean {
  return !NOT_XML_CHAR.test(text);
}

/** Escapes element text; `\r` becomes `&#13;` so a parser does not normalise it away. */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

export function escapeXmlAttribute(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#13;',
};

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};

export function renderXmlDocument(root: XmlElementNode): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  renderInto(lines, root, 0);
  return `${lines.join('\n')}\n`;
}

function renderInto(lines: string[], node: XmlElementNode, depth: number): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  if (node.text !== undefined) {
    lines.push(`${open}>${escapeXmlText(node.text)}</${node.name}>`);
    return;
  }
  const children = node.children ?? [];
  if (children.length === 0) {
    lines.push(`${open}/>`);
    return;
  }
  lines.push(`${open}>`);
  for (const child of children) renderInto(lines, child, depth + 1);
  lines.push(`${indent}</${node.name}>`);
}
