import { describeApiError } from '../api/errors.js';
import { ExportCsvButton } from './ExportCsvButton.js';
import { FilterBar } from './FilterBar.js';
import { isFiltered, searchOfFilters } from './filters.js';
import { TransactionDetail } from './TransactionDetail.js';
import { TransactionsTable } from './TransactionsTable.js';
import { useExplorerLocation } from './use-explorer-location.js';
import { useTransactionsList } from './use-transactions-list.js';

const pageSize = 25;

/** Filter, sort and page through the organization's transactions; open one for its explanation. */
export function TransactionsExplorer() {
  const { filters, sort, openId, applyFilters, applySort, open } = useExplorerLocation();
  const { list, rows } = useTransactionsList(filters, pageSize);
  const problem = list.isError ? describeApiError(list.error) : null;
  const filtered = isFiltered(filters);

  return (
    <main className="dashboard explorer">
      <section className="panel" aria-labelledby="transactions-title">
        <div className="panel-header">
          <h1 id="transactions-title">Transactions</h1>
          <div className="panel-actions">
            <ExportCsvButton filters={filters} />
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void list.refetch()}
              disabled={list.isFetching}
            >
              {list.isRefetching && !list.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
            </button>
          </div>
        </div>
        <FilterBar
          key={searchOfFilters({ ...filters, sort: undefined })}
          filters={filters}
          onApply={applyFilters}
          fieldErrors={problem?.fieldErrors ?? {}}
        />
        {list.isPending && <p className="muted">Loading transactions…</p>}
        {problem && (
          <p role="alert" className="form-error">
            {problem.message}
          </p>
        )}
        {list.isSuccess && rows.length === 0 && (
          <p className="empty-state">
            {filtered
              ? 'No transactions match these filters.'
              : 'No transactions yet. Import a CSV file or an XRPL account, or ingest through the API, and they appear here.'}
          </p>
        )}
        {rows.length > 0 && (
          <TransactionsTable
            rows={rows}
            labelledBy="transactions-title"
            sorting={{ current: sort, onSort: applySort }}
            onOpen={open}
            openId={openId}
          />
        )}
        {rows.length > 0 && (
          <div className="panel-footer">
            <p className="muted" role="status">
              Showing {rows.length} transaction{rows.length === 1 ? '' : 's'}
              {list.hasNextPage ? ' (more to load)' : ''}
            </p>
            {list.hasNextPage && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        )}
      </section>
      {openId && <TransactionDetail key={openId} id={openId} onClose={() => open(null)} />}
    </main>
  );
}
