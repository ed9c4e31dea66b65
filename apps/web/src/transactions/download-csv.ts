/**
 * Hands a download link (`transactions.csvDownloadLink`) to the browser, which then streams the
 * file to disk however large it is: nothing of it passes through the page's memory. The link
 * is same-origin, so the file keeps the name the API gives it.
 */
export function startDownload(path: string): void {
  const link = document.createElement('a');
  link.href = path;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
