import { CsvImportPanel } from './CsvImportPanel.js';
import { XrplImportPanel } from './XrplImportPanel.js';

/** Bringing transactions in: a CSV file, or an XRP Ledger account's history. */
export function ImportPage() {
  return (
    <main className="dashboard">
      <h1>Import transactions</h1>
      <CsvImportPanel />
      <XrplImportPanel />
    </main>
  );
}
