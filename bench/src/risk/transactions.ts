/**
 * Realistic transactions of the bench organization (see population.ts), as `transactions.ingest`
 * takes them: deposits from customers to the hot wallets, withdrawals from the hot wallets to
 * payees, a few internal transfers; several currencies with log-normal amounts (some round, a
 * few anomalous), fees, memos, tags, and now and then a customer splitting one amount over
 * several hot wallets (structuring). Deterministic for a given seed.
 */
import type { NewTransaction } from '@klerno/db';
import { CHAIN, type Population } from './population.js';
import { Random } from './random.js';

/** As `transactions.ingest` takes it; the bench's tokens carry no issuer. */
export type BenchTransaction = Omit<NewTransaction, 'issuer'>;

interface CurrencyModel {
  code: string;
  share: number;
  /** Median amount and log-normal spread. */
  median: number;
  sigma: number;
  decimals: number;
  roundAmounts: number[];
  fee(random: Random): string;
}

const SOLO = '534F4C4F00000000000000000000000000000000';

const CURRENCIES: CurrencyModel[] = [
  {
    code: 'XRP',
    share: 0.7,
    median: 250,
    sigma: 1.6,
    decimals: 6,
    roundAmounts: [10, 20, 50, 100, 250, 500, 1000, 5000],
    fee: (random) =>
      random.chance(0.85)
        ? '0.000012'
        : random.chance(0.3)
          ? '0.00001'
          : fixed(0.00001 + random.next() * 0.0005, 6),
  },
  {
    code: 'USD',
    share: 0.12,
    median: 400,
    sigma: 1.3,
    decimals: 2,
    roundAmounts: [50, 100, 200, 500, 1000, 2500],
    fee: (random) => (random.chance(0.6) ? '0' : fixed(0.5 + random.next() * 2.5, 2)),
  },
  {
    code: 'EUR',
    share: 0.08,
    median: 350,
    sigma: 1.3,
    decimals: 2,
    roundAmounts: [50, 100, 200, 500, 1000],
    fee: (random) => (random.chance(0.6) ? '0' : fixed(0.5 + random.next() * 2.5, 2)),
  },
  {
    code: 'BTC',
    share: 0.05,
    median: 0.02,
    sigma: 1.5,
    decimals: 8,
    roundAmounts: [0.01, 0.05, 0.1, 0.5, 1],
    fee: (random) => fixed(0.00001 + random.next() * 0.0002, 8),
  },
  {
    code: 'ETH',
    share: 0.03,
    median: 0.4,
    sigma: 1.4,
    decimals: 8,
    roundAmounts: [0.1, 0.5, 1, 2, 5],
    fee: (random) => fixed(0.0003 + random.next() * 0.003, 8),
  },
  {
    code: SOLO,
    share: 0.02,
    median: 1500,
    sigma: 1.2,
    decimals: 4,
    roundAmounts: [1000, 5000, 10000],
    fee: () => '0.000012',
  },
];

const DEPOSIT_MEMOS = [
  'deposit ref {n}',
  'invoice INV-{n}',
  'order #{n} payment',
  'salary {month}',
  'airdrop reward',
  'staking reward {month}',
  'swap XRP to USD',
  'top-up {n}',
];
const WITHDRAWAL_MEMOS = [
  'payout #{n}',
  'withdrawal {n}',
  'refund order #{n}',
  'network fee',
  'exchange settlement {n}',
  'supplier invoice INV-{n}',
  'send to customer {n}',
];
const INTERNAL_MEMOS = ['transfer to cold storage', 'rebalance hot wallets', null];
const SUSPICIOUS_MEMOS = [
  'urgent ransom payment',
  'tornado cash withdrawal',
  'mixer service fee',
  'darknet market order {n}',
  'refund for phishing victim',
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TAGS: Array<[number, string[]]> = [
  [0.1, ['kyc-verified']],
  [0.05, ['vip']],
  [0.04, ['api']],
  [0.03, ['manual-review']],
  [0.02, ['payroll', 'batch']],
  [0.005, ['mixer']],
];

function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function hex(random: Random, bytes: number): string {
  let out = '';
  for (const byte of random.bytes(bytes)) out += byte.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

export interface StreamOptions {
  seed: number;
  /** Eight hex digits that start every txId of the stream: streams never collide. */
  txIdPrefix: string;
  /** Rows are spread evenly over [startMs, endMs], oldest first. */
  startMs: number;
  endMs: number;
  count: number;
}

/** The rows of one stream, oldest first. */
export class TransactionStream {
  private readonly random: Random;
  private index = 0;
  private readonly pending: BenchTransaction[] = [];

  constructor(
    private readonly population: Population,
    private readonly options: StreamOptions,
  ) {
    if (!/^[0-9A-F]{8}$/.test(options.txIdPrefix)) throw new Error('txIdPrefix: 8 hex digits');
    this.random = new Random(options.seed);
  }

  get produced(): number {
    return this.index;
  }

  next(): BenchTransaction {
    const queued = this.pending.shift();
    if (queued) return queued;
    const row = this.fresh(this.timestampOf(this.index));
    if (row.direction === 'in' && this.random.chance(0.002)) this.queueStructuring(row);
    return row;
  }

  take(count: number): BenchTransaction[] {
    return Array.from({ length: count }, () => this.next());
  }

  /** A row timestamped `atMs` (live traffic), continuing the stream's txIds and randomness. */
  live(atMs: number): BenchTransaction {
    return this.fresh(atMs);
  }

  private timestampOf(index: number): number {
    const { startMs, endMs, count } = this.options;
    const step = (endMs - startMs) / Math.max(count, 1);
    return Math.floor(startMs + (index + this.random.next()) * step);
  }

  private nextTxId(): string {
    const id = `${this.options.txIdPrefix}${this.index.toString(16).toUpperCase().padStart(12, '0')}${hex(this.random, 22)}`;
    this.index += 1;
    return id;
  }

  private currency(): CurrencyModel {
    let roll = this.random.next();
    for (const model of CURRENCIES) {
      roll -= model.share;
      if (roll < 0) return model;
    }
    return CURRENCIES[0]!;
  }

  private amount(model: CurrencyModel): string {
    const random = this.random;
    if (random.chance(0.15)) return fixed(random.pick(model.roundAmounts), model.decimals);
    let value = model.median * Math.exp(model.sigma * random.normal());
    if (random.chance(0.004)) value *= 30 + random.next() * 90;
    const smallest = Math.pow(10, -model.decimals);
    return fixed(Math.max(value, smallest), model.decimals);
  }

  private memo(templates: readonly (string | null)[], nullShare: number): string | null {
    const random = this.random;
    if (random.chance(0.003)) return this.fill(random.pick(SUSPICIOUS_MEMOS));
    if (random.chance(nullShare)) return null;
    const template = random.pick(templates);
    return template === null ? null : this.fill(template);
  }

  private fill(template: string): string {
    return template
      .replace('{n}', String(10_000 + this.random.int(990_000)))
      .replace('{month}', this.random.pick(MONTHS));
  }

  private tags(): string[] {
    let roll = this.random.next();
    for (const [share, tags] of TAGS) {
      roll -= share;
      if (roll < 0) return [...tags];
    }
    return [];
  }

  private fee(model: CurrencyModel, amount: string): string {
    // A few payments carry a fee of several percent (fee-ratio rules).
    if (this.random.chance(0.01)) {
      const ratio = 0.02 + this.random.next() * 0.06;
      return fixed(Number(amount) * ratio, model.decimals);
    }
    return model.fee(this.random);
  }

  private fresh(atMs: number): BenchTransaction {
    const { population } = this;
    const random = this.random;
    const model = this.currency();
    const amount = this.amount(model);
    const roll = random.next();
    let fromAddress: string;
    let toAddress: string;
    let direction: 'in' | 'out';
    let memo: string | null;
    if (roll < 0.55) {
      fromAddress = population.customer(random);
      toAddress = population.hotWallet(random);
      direction = 'in';
      memo = this.memo(DEPOSIT_MEMOS, 0.35);
    } else if (roll < 0.97) {
      fromAddress = population.hotWallet(random);
      toAddress = population.payee(random);
      direction = 'out';
      memo = this.memo(WITHDRAWAL_MEMOS, 0.3);
    } else {
      fromAddress = population.hotWallet(random);
      toAddress = population.hotWallet(random);
      while (toAddress === fromAddress) toAddress = population.hotWallet(random);
      direction = 'out';
      memo = this.memo(INTERNAL_MEMOS, 0);
    }
    return {
      chain: CHAIN,
      txId: this.nextTxId(),
      timestamp: new Date(atMs).toISOString(),
      fromAddress,
      toAddress,
      amount,
      currency: model.code,
      direction,
      memo,
      fee: this.fee(model, amount),
      tags: this.tags(),
    };
  }

  /** The same amount from the same customer to 3–4 distinct hot wallets within minutes. */
  private queueStructuring(first: BenchTransaction): void {
    const recipients = new Set([first.toAddress]);
    const wanted = 3 + this.random.int(2);
    let attempts = 0;
    while (recipients.size < wanted && attempts++ < 50) {
      recipients.add(this.population.hotWallet(this.random));
    }
    recipients.delete(first.toAddress);
    let atMs = Date.parse(first.timestamp);
    for (const toAddress of recipients) {
      atMs += 1000 + this.random.int(60_000);
      this.pending.push({
        ...first,
        txId: this.nextTxId(),
        timestamp: new Date(atMs).toISOString(),
        toAddress,
        tags: [],
      });
    }
  }
}
