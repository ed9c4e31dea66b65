import { invalidField } from './errors.js';
import type { XmlElement } from './xml-reader.js';

/**
 * Read access to one element of a parsed document, by local name, that knows its own path so
 * every "missing" or "invalid" error says exactly where (e.g. `/Document/…/PmtInf[2]/PmtInfId`).
 */
export class XmlNode {
  constructor(
    readonly element: XmlElement,
    readonly path: string,
  ) {}

  static root(element: XmlElement): XmlNode {
    return new XmlNode(element, `/${element.name}`);
  }

  child(name: string): XmlNode | null {
    const found = this.element.children.find((child) => child.name === name);
    return found === undefined ? null : new XmlNode(found, `${this.path}/${name}`);
  }

  children(name: string): XmlNode[] {
    return this.element.children
      .filter((child) => child.name === name)
      .map((child, index) => new XmlNode(child, `${this.path}/${name}[${index + 1}]`));
  }

  /** A descendant along `a/b/c`, or null when any step is missing. */
  at(steps: string): XmlNode | null {
    return steps
      .split('/')
      .reduce<XmlNode | null>((node, step) => (node === null ? null : node.child(step)), this);
  }

  require(steps: string): XmlNode {
    const node = this.at(steps);
    if (node === null) throw invalidField(`${this.path}/${steps}`, 'is required but missing');
    return node;
  }

  /** The element's text exactly as written (names, remittance lines). */
  text(): string {
    return this.element.text;
  }

  /** The element's text without surrounding whitespace (codes, ids, dates, amounts). */
  token(): string {
    return this.element.text.trim();
  }

  /** `token()` of a descendant, or null when it is missing or empty. */
  tokenAt(steps: string): string | null {
    const token = this.at(steps)?.token();
    return token === undefined || token === '' ? null : token;
  }

  requireToken(steps: string): string {
    const node = this.require(steps);
    const token = node.token();
    if (token === '') throw invalidField(node.path, 'must not be empty');
    return token;
  }

  /** `text()` of a descendant, or null when it is missing or blank. */
  textAt(steps: string): string | null {
    const text = this.at(steps)?.text();
    return text === undefined || text.trim() === '' ? null : text;
  }

  attribute(name: string): string | null {
    return this.element.attributes[name] ?? null;
  }
}
