/**
 * The organization the issue-5 benchmarks run against, built from a seed so every run (and every
 * process of a run) sees the same addresses: a payments business with a few hot wallets it
 * watches, many customers paying in, many payees paid out, and a sanctions/mixer/exchange label
 * list. Traffic is Zipf-distributed, so some senders have long histories (the hot wallets above
 * all) and history rules do real work.
 */
import { Random, ZipfPicker } from './random.js';
import { xrplAddress } from './xrpl-address.js';

export const CHAIN = 'xrpl';

/** Watched by the bench user: withdrawals leave from these, deposits arrive on them. */
const HOT_WALLETS = 8;
const CUSTOMERS = 20_000;
const PAYEES = 8_000;

export interface LabelRow {
  address: string;
  chain: string;
  label: 'sanctioned' | 'mixer' | 'exchange' | 'gambling' | 'darknet' | 'other';
  source: string;
}

/** Labelled addresses per kind, taken from the busiest customers and payees alike. */
const LABEL_COUNTS: Array<[LabelRow['label'], number, string]> = [
  ['sanctioned', 40, 'OFAC SDN digital currency addresses 2026-11-20'],
  ['mixer', 15, 'Chainalysis mixer list 2026-Q4'],
  ['exchange', 60, 'internal exchange registry'],
  ['gambling', 20, 'internal gambling registry'],
  ['darknet', 10, 'TRM darknet markets 2026-11'],
  ['other', 15, 'analyst notes'],
];

export class Population {
  readonly hotWallets: string[];
  readonly customers: string[];
  readonly payees: string[];
  readonly labels: LabelRow[];
  private readonly hotWalletPicker = new ZipfPicker(HOT_WALLETS, 1.0);
  private readonly customerPicker = new ZipfPicker(CUSTOMERS, 0.8);
  private readonly payeePicker = new ZipfPicker(PAYEES, 0.8);

  constructor(readonly seed: number) {
    const random = new Random(seed);
    const addresses = (count: number) =>
      Array.from({ length: count }, () => xrplAddress(random.bytes(20)));
    this.hotWallets = addresses(HOT_WALLETS);
    this.customers = addresses(CUSTOMERS);
    this.payees = addresses(PAYEES);
    this.labels = [];
    for (const [label, count, source] of LABEL_COUNTS) {
      for (let index = 0; index < count; index++) {
        // Every fourth labelled address is a busy one (rank < 200), the rest from the long tail.
        const pool = random.chance(0.5) ? this.customers : this.payees;
        const rank = index % 4 === 0 ? random.int(200) : 200 + random.int(pool.length - 200);
        this.labels.push({ address: pool[rank]!, chain: CHAIN, label, source });
      }
    }
  }

  hotWallet(random: Random): string {
    return this.hotWallets[this.hotWalletPicker.pick(random)]!;
  }

  customer(random: Random): string {
    return this.customers[this.customerPicker.pick(random)]!;
  }

  payee(random: Random): string {
    return this.payees[this.payeePicker.pick(random)]!;
  }

  /** `labels.import`'s CSV (address,chain,label,source). */
  labelsCsv(): string {
    const unique = new Map(this.labels.map((row) => [`${row.address} ${row.label}`, row]));
    return [
      'address,chain,label,source',
      ...[...unique.values()].map(
        (row) => `${row.address},${row.chain},${row.label},${row.source}`,
      ),
    ].join('\n');
  }
}
