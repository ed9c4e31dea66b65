import { describe, expect, it } from 'vitest';
import { Iso20022Error, type Iso20022ErrorCode } from './errors.js';
import { parseIso20022 } from './parse.js';
import { readXmlDocument } from './xml-reader.js';

const NS = 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.10';

/** A small valid pain.002 whose original message id is `originalMessageId` (raw XML text). */
function statusReport(originalMessageId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${NS}"><CstmrPmtStsRpt>
  <GrpHdr><MsgId>S1</MsgId><CreDtTm>2024-05-02T09:00:00Z</CreDtTm></GrpHdr>
  <OrgnlGrpInfAndSts><OrgnlMsgId>${originalMessageId}</OrgnlMsgId><GrpSts>ACCP</GrpSts></OrgnlGrpInfAndSts>
</CstmrPmtStsRpt></Document>`;
}

function errorOf(run: () => unknown): Iso20022Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Iso20022Error);
    return error as Iso20022Error;
  }
  throw new Error('expected an Iso20022Error, but nothing was thrown');
}

function expectError(xml: string, code: Iso20022ErrorCode, message: RegExp): void {
  const error = errorOf(() => parseIso20022(xml));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

describe('parseIso20022 refuses DTDs and entities before parsing', () => {
  it('refuses a document with an internal DTD', () => {
    const xml = statusReport('M1').replace(
      '<Document',
      '<!DOCTYPE Document [<!ELEMENT Document ANY>]>\n<Document',
    );
    expectError(xml, 'dtd_forbidden', /DTDs are not accepted/);
  });

  it('refuses the billion laughs entity bomb at once, expanding nothing', () => {
    const levels = Array.from({ length: 9 }, (_, level) => {
      const previous = level === 0 ? 'lol' : `&lol${level - 1};`;
      return `<!ENTITY lol${level} "${previous.repeat(10)}">`;
    });
    const xml = statusReport('&lol8;').replace(
      '<Document',
      `<!DOCTYPE Document [\n<!ENTITY lol "lol">\n${levels.join('\n')}\n]>\n<Document`,
    );
    const started = performance.now();
    expectError(xml, 'dtd_forbidden', /DTDs are not accepted/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses an external entity (file and URL), so nothing is read or fetched', () => {
    for (const system of ['file:///etc/passwd', 'http://127.0.0.1:1/evil.dtd']) {
      const xml = statusReport('&xxe;').replace(
        '<Document',
        `<!DOCTYPE Document [<!ENTITY xxe SYSTEM "${system}">]>\n<Document`,
      );
      expectError(xml, 'dtd_forbidden', /DTDs are not accepted/);
    }
  });

  it('refuses an external DTD, parameter entities and lower-case or spaced declarations', () => {
    const variants = [
      '<!DOCTYPE Document SYSTEM "http://127.0.0.1:1/pain.dtd">',
      '<!DOCTYPE Document [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/x">%remote;]>',
      '<!doctype Document>',
      '<! DOCTYPE Document>',
    ];
    for (const declaration of variants) {
      expectError(
        statusReport('M1').replace('<Document', `${declaration}\n<Document`),
        'dtd_forbidden',
        /DTDs/,
      );
    }
  });

  it('treats a reference to an undeclared entity as malformed, never as an empty string', () => {
    expectError(statusReport('&xxe;'), 'malformed', /Entity &xxe; is not defined/);
  });
});

describe('parseIso20022 refuses oversize and malformed input with typed errors', () => {
  it('refuses a document over 5 MiB without parsing it', () => {
    const padding = `<!--${'x'.repeat(5 * 1024 * 1024)}-->`;
    expectError(statusReport('M1') + padding, 'too_large', /larger than 5 MiB/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 2 million "€" are 2 M characters but 6 M bytes.
    const xml = statusReport('€'.repeat(2_000_000));
    expect(xml.length).toBeLessThan(5 * 1024 * 1024);
    expectError(xml, 'too_large', /larger than 5 MiB/);
  });

  it('honours a smaller limit when asked', () => {
    const error = errorOf(() => readXmlDocument(statusReport('M1'), { maxBytes: 100 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/100 bytes/);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'hello, this is not XML'],
    ['JSON', '{"Document":{}}'],
    ['an unclosed element', `<Document xmlns="${NS}"><CstmrPmtStsRpt></Document>`],
    ['a truncated document', statusReport('M1').slice(0, 120)],
    ['two root elements', `${statusReport('M1')}<Document xmlns="${NS}"/>`],
    ['a stray ampersand', statusReport('Smith & Sons')],
    ['a raw "<" in an attribute', statusReport('M1').replace('xmlns=', 'a="<" xmlns=')],
    ['a repeated attribute', statusReport('M1').replace('<Document ', '<Document a="1" a="2" ')],
    ['a control character', statusReport('M\u0001')],
    ['a reference to a control character', statusReport('M&#1;')],
    ['a reference to a lone surrogate', statusReport('M&#xD800;')],
    [
      'an undeclared namespace prefix',
      statusReport('M1')
        .replace('<CstmrPmtStsRpt>', '<x:CstmrPmtStsRpt>')
        .replace('</CstmrPmtStsRpt>', '</x:CstmrPmtStsRpt>'),
    ],
    [
      'a reserved element name',
      statusReport('M1').replace('<GrpSts>ACCP</GrpSts>', '<__proto__>x</__proto__>'),
    ],
  ])('refuses %s as malformed', (_label, xml) => {
    const error = errorOf(() => parseIso20022(xml));
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/XML|Entity|Namespace|Attribute/);
  });

  it('refuses deep nesting quickly instead of exhausting the stack', () => {
    const depth = 100_000;
    const xml = `<Document xmlns="${NS}">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Document>`;
    const started = performance.now();
    expectError(xml, 'malformed', /nested/i);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses input that is not a string', () => {
    const error = errorOf(() => parseIso20022(42 as unknown as string));
    expect(error.code).toBe('malformed');
  });
});

describe('readXmlDocument decodes text safely', () => {
  it('decodes the five XML entities and character references in text and attributes', () => {
    const root = readXmlDocument(
      `<r a="x &amp; &quot;y&quot; &#x41;&#66;"><t>&lt;a&gt; &amp; &apos;b&apos; &#233;&#x1F600;</t></r>`,
    );
    expect(root.attributes.a).toBe('x & "y" AB');
    expect(root.children[0]?.text).toBe("<a> & 'b' é😀");
  });

  it('keeps CDATA literally (an "&amp;" inside CDATA stays as written)', () => {
    const root = readXmlDocument('<r><![CDATA[<b>&amp; & stays</b>]]></r>');
    expect(root.text).toBe('<b>&amp; & stays</b>');
  });

  it('resolves namespaces by prefix and default, inherited by children', () => {
    const root = readXmlDocument(
      '<p:a xmlns:p="urn:p" xmlns="urn:d"><p:b/><c/><e xmlns="urn:e"/></p:a>',
    );
    expect(root.namespace).toBe('urn:p');
    expect(root.children.map((child) => [child.name, child.namespace])).toEqual([
      ['b', 'urn:p'],
      ['c', 'urn:d'],
      ['e', 'urn:e'],
    ]);
  });

  it('accepts a UTF-8 byte order mark and an XML declaration', () => {
    const root = readXmlDocument('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<r>ok</r>');
    expect(root.text).toBe('ok');
  });

  it('parses a valid document just under the size limit in a few seconds at most', () => {
    const line = '<AddtlInf>Insufficient funds on debtor account &amp; retry later</AddtlInf>';
    const reasons = `<StsRsnInf><Rsn><Cd>AM04</Cd></Rsn>${line.repeat(60)}</StsRsnInf>`;
    const body = reasons.repeat(Math.floor((4.9 * 1024 * 1024) / reasons.length));
    const xml = statusReport('M1').replace('<GrpSts>ACCP</GrpSts>', `<GrpSts>RJCT</GrpSts>${body}`);
    const started = performance.now();
    const message = parseIso20022(xml);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(
      message.type === 'pain.002' && message.originalGroup.statusReasons.length,
    ).toBeGreaterThan(500);
  });
});
