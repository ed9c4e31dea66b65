/**
 * Request bodies the load generator sends for the issue-5 throughput scenarios: every call a new
 * transaction of the bench organization's traffic, timestamped now (live traffic).
 */
import { Population } from './population.js';
import { TransactionStream } from './transactions.js';

export type RequestSourceKind = 'score' | 'ingest-one';

export interface RequestSourceSpec {
  kind: RequestSourceKind;
  populationSeed: number;
  streamSeed: number;
  /** Eight hex digits: the txIds of this run's ingests never meet another stream's. */
  txIdPrefix: string;
}

export interface RequestSource {
  nextBody(): string;
  /** Text every successful response contains (a score's version, an ingest's `created:1`). */
  expectInBody: string;
}

export function createRequestSource(spec: RequestSourceSpec): RequestSource {
  const stream = new TransactionStream(new Population(spec.populationSeed), {
    seed: spec.streamSeed,
    txIdPrefix: spec.txIdPrefix,
    startMs: 0,
    endMs: 0,
    count: 0,
  });
  if (spec.kind === 'score') {
    return {
      nextBody() {
        // A proposed payment: no ledger id yet, and "now" (the default) for its history.
        const { txId: _txId, timestamp: _timestamp, ...transaction } = stream.live(Date.now());
        return JSON.stringify({ transaction });
      },
      expectInBody: '"version":',
    };
  }
  return {
    nextBody: () => JSON.stringify({ transactions: [stream.live(Date.now())] }),
    expectInBody: '"created":1,',
  };
}
