import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { readFixture } from '../iso20022/fixtures.js';
import { call, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';
import { MAX_DOCUMENT_BYTES } from '../upload-limits.js';

type NewTransaction = Inputs['transactions']['ingest']['transactions'][number];
type ExportInput = Inputs['iso20022']['exportPain001'];
type Pain001 = Extract<Outputs['iso20022']['parse'], { type: 'pain.001' }>;

const FROM = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const TO = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const IBAN = 'DE89370400440532013000';

let api: RunningTestServer;
let analyst: Member;
let viewer: Member;

beforeAll(async () => {
  api = await startTestServer();
  const admin = await signUp(api.url);
  analyst = await join(api.url, admin, 'analyst');
  viewer = await join(api.url, admin, 'viewer');
});
afterAll(() => api.close());

function tx(overrides: Partial<NewTransaction> = {}): NewTransaction {
  return {
    chain: 'xrpl',
    txId: randomUUID().replaceAll('-', '').toUpperCase(),
    timestamp: '2024-05-01T12:00:00Z',
    fromAddress: FROM,
    toAddress: TO,
    amount: '12.5',
    currency: 'XRP',
    direction: 'out',
    ...overrides,
  };
}

async function ingest(member: Member, transactions: NewTransaction[]) {
  const result = await ok<Outputs['transactions']['ingest']>(
    api.url,
    'transactions.ingest',
    { transactions },
    member.credential,
  );
  return result.items;
}

const debtor: ExportInput['debtor'] = {
  name: 'Klerno Test GmbH',
  country: 'DE',
  account: { kind: 'iban', iban: 'de89 3704 0044 0532 0130 00' },
  agent: { kind: 'bic', bic: 'deutdeff' },
};

describe('iso20022.validateIban and validateBic', () => {
  it('answers valid codes normalised, and invalid ones with the reason (200 either way)', async () => {
    const valid = await call(
      api.url,
      'iso20022.validateIban',
      { iban: 'de89 3704 0044 0532 0130 00' },
      analyst.credential,
    );
    expect(valid.data).toEqual({
      valid: true,
      iban: IBAN,
      formatted: 'DE89 3704 0044 0532 0130 00',
      country: 'DE',
    });
    const wrong = await call(
      api.url,
      'iso20022.validateIban',
      { iban: 'DE89370400440532013001' },
      analyst.credential,
    );
    expect(wrong.data).toMatchObject({ valid: false, code: 'checksum', country: 'DE' });

    const bic = await call(
      api.url,
      'iso20022.validateBic',
      { bic: 'deutdeffxxx' },
      analyst.credential,
    );
    expect(bic.data).toEqual({ valid: true, bic: 'DEUTDEFFXXX', country: 'DE' });
    const badBic = await call(api.url, 'iso20022.validateBic', { bic: 'DEUT' }, analyst.credential);
    expect(badBic.data).toMatchObject({ valid: false, code: 'wrong_length' });
  });

  it('refuses a missing or absurdly long input with 400', async () => {
    expect((await call(api.url, 'iso20022.validateIban', {}, analyst.credential)).status).toBe(400);
    const long = await call(
      api.url,
      'iso20022.validateBic',
      { bic: 'A'.repeat(201) },
      analyst.credential,
    );
    expect(long.status).toBe(400);
  });

  it('is for analysts and admins only', async () => {
    const refused = await call(api.url, 'iso20022.validateIban', { iban: IBAN }, viewer.credential);
    expect(refused.status).toBe(403);
  });
});

describe('iso20022.parse', () => {
  it('reads pain.001, pain.002 and camt.053 into typed objects', async () => {
    const pain001 = await ok<Outputs['iso20022']['parse']>(
      api.url,
      'iso20022.parse',
      { xml: readFixture('pain.001.001.03.xml') },
      analyst.credential,
    );
    expect(pain001.type).toBe('pain.001');
    const pain002 = await ok<Outputs['iso20022']['parse']>(
      api.url,
      'iso20022.parse',
      { xml: readFixture('pain.002.001.10.xml') },
      analyst.credential,
    );
    expect(pain002.type).toBe('pain.002');
    const camt = await ok<Outputs['iso20022']['parse']>(
      api.url,
      'iso20022.parse',
      { xml: readFixture('camt.053.001.08.xml') },
      analyst.credential,
    );
    expect(camt).toMatchObject({ type: 'camt.053', version: 'camt.053.001.08' });
  });

  it.each([
    [
      'a DTD',
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>',
      /DTD|entit/i,
    ],
    ['malformed XML', '<Document><GrpHdr></Document>', /./],
    [
      'another message',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"/>',
      /not supported/,
    ],
  ])('refuses %s with 400 and a clear message', async (_, xml, message) => {
    const result = await call(api.url, 'iso20022.parse', { xml }, analyst.credential);
    expect(result.status).toBe(400);
    expect(result.error!.data.code).toBe('BAD_REQUEST');
    expect(result.error!.message).toMatch(message);
  });

  it('refuses a document over the limit with 413, before parsing it', async () => {
    const xml = `<Document>${' '.repeat(MAX_DOCUMENT_BYTES)}</Document>`;
    const result = await call(api.url, 'iso20022.parse', { xml }, analyst.credential);
    expect(result.status).toBe(413);
    expect(result.error!.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(result.error!.message).toContain('split it into smaller files');
  });
});

describe('iso20022.exportPain001', () => {
  it('writes the selected transactions exactly, and parse reads back the same amounts, currencies and parties', async () => {
    const rows = await ingest(analyst, [
      tx({ amount: '1234567.000001', memo: 'Invoice 42' }),
      tx({ amount: '100.25', currency: 'EUR', toAddress: 'rBeneficiaryAddressFor20022Test' }),
    ]);
    const file = await ok<Outputs['iso20022']['exportPain001']>(
      api.url,
      'iso20022.exportPain001',
      {
        transactionIds: rows.map((row) => row.id),
        debtor,
        executionDate: '2024-06-03',
        messageId: 'MSG-ROUND-TRIP-1',
      },
      analyst.credential,
    );
    expect(file.fileName).toBe('pain.001-MSG-ROUND-TRIP-1.xml');
    expect(file.xml).toContain('<CtrlSum>1234667.250001</CtrlSum>');

    const parsed = await ok<Pain001>(
      api.url,
      'iso20022.parse',
      { xml: file.xml },
      analyst.credential,
    );
    expect(parsed.groupHeader).toMatchObject({
      messageId: 'MSG-ROUND-TRIP-1',
      numberOfTransactions: 2,
      controlSum: '1234667.250001',
    });
    const [payment] = parsed.paymentInformation;
    expect(payment).toMatchObject({
      requestedExecutionDate: '2024-06-03',
      debtor: { name: 'Klerno Test GmbH', country: 'DE' },
      debtorAccount: { kind: 'iban', iban: IBAN },
      debtorAgent: { bic: 'DEUTDEFF' },
    });
    expect(
      payment!.transactions.map((t) => ({
        endToEndId: t.endToEndId,
        amount: t.amount,
        creditor: t.creditor,
        creditorAccount: t.creditorAccount,
        memo: t.remittanceInformation,
      })),
    ).toEqual([
      {
        endToEndId: rows[0]!.id.replaceAll('-', ''),
        amount: { value: '1234567.000001', currency: 'XRP', issuer: null, digitalAsset: true },
        creditor: { name: TO, country: null },
        creditorAccount: { kind: 'other', id: TO, scheme: 'XRPL' },
        memo: ['Invoice 42'],
      },
      {
        endToEndId: rows[1]!.id.replaceAll('-', ''),
        amount: { value: '100.25', currency: 'EUR', issuer: null, digitalAsset: false },
        creditor: { name: 'rBeneficiaryAddressFor20022Test', country: null },
        creditorAccount: { kind: 'other', id: 'rBeneficiaryAddressFor20022Test', scheme: 'XRPL' },
        memo: [],
      },
    ]);
  });

  it('names an issued token with its stored issuer', async () => {
    const issuer = 'rvYAfWj5gh67oV6fW32ZzP3Aw4Eubs59B';
    const [row] = await ingest(analyst, [tx({ amount: '250', currency: 'USD', issuer })]);
    const file = await ok<Outputs['iso20022']['exportPain001']>(
      api.url,
      'iso20022.exportPain001',
      { transactionIds: [row!.id], debtor },
      analyst.credential,
    );
    expect(file.xml).toContain(`<Issr>${issuer}</Issr>`);
    const parsed = await ok<Pain001>(
      api.url,
      'iso20022.parse',
      { xml: file.xml },
      analyst.credential,
    );
    expect(parsed.paymentInformation[0]!.transactions[0]!.amount).toEqual({
      value: '250',
      currency: 'USD',
      issuer,
      digitalAsset: true,
    });
  });

  it('defaults the message id, the execution date (today) and the debtor agent', async () => {
    const [row] = await ingest(analyst, [tx()]);
    const file = await ok<Outputs['iso20022']['exportPain001']>(
      api.url,
      'iso20022.exportPain001',
      {
        transactionIds: [row!.id],
        debtor: { name: 'Payer', account: { kind: 'other', id: FROM, scheme: 'XRPL' } },
      },
      analyst.credential,
    );
    const parsed = await ok<Pain001>(
      api.url,
      'iso20022.parse',
      { xml: file.xml },
      analyst.credential,
    );
    expect(parsed.groupHeader.messageId).toMatch(/^KLERNO-\d{8}T\d{6}-[0-9A-F]{8}$/);
    expect(file.fileName).toBe(`pain.001-${parsed.groupHeader.messageId}.xml`);
    expect(parsed.paymentInformation[0]!.requestedExecutionDate).toBe(
      new Date().toISOString().slice(0, 10),
    );
    expect(parsed.paymentInformation[0]!.debtorAgent).toMatchObject({ otherId: 'NOTPROVIDED' });
  });

  it("answers 404 for ids that are not the caller's, naming only the ids it was sent", async () => {
    const other = await signUp(api.url);
    const [theirs] = await ingest(other, [
      tx({ memo: 'their secret memo', amount: '424242.4242' }),
    ]);
    const [mine] = await ingest(analyst, [tx()]);
    const madeUp = uuidv7();
    const result = await call(
      api.url,
      'iso20022.exportPain001',
      { transactionIds: [mine!.id, theirs!.id, madeUp], debtor },
      analyst.credential,
    );
    expect(result.status).toBe(404);
    expect(result.error!.message).toBe(
      `2 of the transactionIds are not transactions of your organization: ${theirs!.id}, ${madeUp}`,
    );
    expect(JSON.stringify(result.error)).not.toMatch(/their secret memo|424242\.4242/);
  });

  const bad = (change: Record<string, unknown>) => (id: string) => ({
    transactionIds: [id],
    debtor,
    ...change,
  });
  it.each<[string, (id: string) => Record<string, unknown>, Array<string | number>]>([
    ['no transactions', bad({ transactionIds: [] }), ['transactionIds']],
    ['a transaction twice', (id) => ({ transactionIds: [id, id], debtor }), ['transactionIds', 1]],
    [
      'a bad IBAN',
      bad({ debtor: { ...debtor, account: { kind: 'iban', iban: 'DE00123' } } }),
      ['debtor', 'account', 'iban'],
    ],
    [
      'a bad BIC',
      bad({ debtor: { ...debtor, agent: { kind: 'bic', bic: 'NOPE' } } }),
      ['debtor', 'agent', 'bic'],
    ],
    [
      'an unknown account kind',
      bad({ debtor: { ...debtor, account: { kind: 'card', id: '1' } } }),
      ['debtor', 'account', 'kind'],
    ],
    ['a non-date', bad({ executionDate: '2024-02-30' }), ['executionDate']],
    ['a long message id', bad({ messageId: 'M'.repeat(36) }), ['messageId']],
  ])('refuses %s with 400', async (_, inputFor, path) => {
    const [row] = await ingest(analyst, [tx()]);
    const result = await call(
      api.url,
      'iso20022.exportPain001',
      inputFor(row!.id),
      analyst.credential,
    );
    expect(result.status).toBe(400);
    expect(result.error!.data.zodError!.issues[0]!.path).toEqual(path);
  });

  it('names the transaction whose data cannot go into the file (400)', async () => {
    const [zero] = await ingest(analyst, [tx({ amount: '0' })]);
    const result = await call(
      api.url,
      'iso20022.exportPain001',
      { transactionIds: [zero!.id], debtor },
      analyst.credential,
    );
    expect(result.status).toBe(400);
    expect(result.error!.message).toBe(`transaction ${zero!.id}: amount must be greater than 0`);
  });

  it('refuses more than 10000 ids before reading any', async () => {
    const ids = Array.from({ length: 10_001 }, () => uuidv7());
    const result = await call(
      api.url,
      'iso20022.exportPain001',
      { transactionIds: ids, debtor },
      analyst.credential,
    );
    expect(result.status).toBe(400);
    expect(result.error!.message).toContain('at most 10000 transactions');
  });
});
