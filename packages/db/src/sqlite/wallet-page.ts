/**
 * A wallet's `transactions.list` page in time order on SQLite, when nothing but the wallet and a
 * time range filters it and the probe (list-probe.ts) did not fill the page, which is what a
 * wallet with a few thousand rows among millions looks like. The planner's query reads every row
 * of the wallet and sorts them all for a page of 50. The sender and recipient indexes already
 * hold each entry's timestamp, so here the entries are sorted instead, and only rows that can be
 * on the page are read:
 *  - every row at the cursor's timestamp (their ids decide which come after the cursor), and
 *  - the limit + 1 entries next in the list's order, with every entry tied to the last of them.
 * Those rows then get the list's exact order and cursor condition, so the page is the planner's.
 */
import { lazy } from '../lazy.js';
import type { CheckedListRequest } from '../transaction-list.js';
import type { SqliteConnection } from './connection.js';

/** Below and above every stored timestamp (epoch ms): "no bound". */
const EARLIEST = -Number.MAX_SAFE_INTEGER;
const LATEST = Number.MAX_SAFE_INTEGER;

export function walletPageApplies({ filter, sort }: CheckedListRequest): boolean {
  if (filter.wallet === undefined) return false;
  if (sort !== 'timestamp_desc' && sort !== 'timestamp_asc') return false;
  return (
    filter.direction === undefined &&
    filter.category === undefined &&
    filter.riskBucket === undefined &&
    filter.minAmount === undefined &&
    filter.maxAmount === undefined &&
    filter.memo === undefined
  );
}

function statementSql(columns: string, descending: boolean): string {
  const [order, past, pastOrEqual, last] = descending
    ? ['desc', '<', '>=', EARLIEST]
    : ['asc', '>', '<=', LATEST];
  return `with entries(r, t) as materialized (
      select rowid, timestamp from transactions indexed by transactions_sender_history_idx
        where organization_id = @owner and from_address = @wallet
          and timestamp between @fromMs and @toMs
      union
      select rowid, timestamp from transactions indexed by transactions_recipient_idx
        where organization_id = @owner and to_address = @wallet
          and timestamp between @fromMs and @toMs
    ),
    boundary(t) as (
      select t from entries where t ${past} @afterT order by t ${order} limit 1 offset @limit
    )
    select ${columns} from transactions
    where rowid in (
      select r from entries where t = @afterT
      union all
      select r from entries
        where t ${past} @afterT and t ${pastOrEqual} coalesce((select t from boundary), ${last})
    )
      and (@afterId is null or (timestamp, id) ${past} (@afterT, @afterId))
    order by timestamp ${order}, id ${order}
    limit @limit + 1`;
}

/**
 * `page(owner, request)`: the rows the list query would return (limit + 1 at most, in order), for
 * requests `walletPageApplies` accepts. `columns` is the select list the caller maps rows from.
 */
export function createWalletPage(connection: SqliteConnection, columns: string) {
  const newestFirst = lazy(() => connection.prepare(statementSql(columns, true)));
  const oldestFirst = lazy(() => connection.prepare(statementSql(columns, false)));
  return (owner: string, request: CheckedListRequest): unknown[] => {
    const { filter, after, limit, descending } = request;
    const statement = descending ? newestFirst() : oldestFirst();
    return statement.all({
      owner,
      wallet: filter.wallet,
      fromMs: filter.fromMs ?? EARLIEST,
      toMs: filter.toMs ?? LATEST,
      // Without a cursor nothing is tied to it, and everything lies past it.
      afterT: after === undefined ? (descending ? LATEST : EARLIEST) : Number(after.value),
      afterId: after?.id ?? null,
      limit,
    });
  };
}
