import { describeFailure } from '../api/errors.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { LoadMoreButton, RefreshButton } from '../ui/ListButtons.js';
import { ListState } from '../ui/ListState.js';
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
  const problem = describeFailure(list.error);

  return (
    <main className="dashboard explorer">
      <section className="panel" aria-labelledby="transactions-title">
        <div className="panel-header">
          <h1 id="transactions-title">Transactions</h1>
          <div className="panel-actions">
            <ExportCsvButton filters={filters} />
            <RefreshButton list={list} />
          </div>
        </div>
        <FilterBar
          key={searchOfFilters({ ...filters, sort: undefined })}
          filters={filters}
          onApply={applyFilters}
          fieldErrors={problem?.fieldErrors ?? {}}
        />
        <ListState
          list={list}
          rowCount={rows.length}
          loading="Loading transactions…"
          empty={
            isFiltered(filters)
              ? 'No transactions match these filters.'
              : 'No transactions yet. Import a CSV file or an XRPL account, or ingest through the API, and they appear here.'
          }
        />
        <ErrorAlert message={problem?.message} />
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
            {list.hasNextPage && <LoadMoreButton list={list} />}
          </div>
        )}
      </section>
      {openId && <TransactionDetail key={openId} id={openId} onClose={() => open(null)} />}
    </main>
  );
}
