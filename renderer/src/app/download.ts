/** Saves a Blob as a file through an anchor with `download` (works in browsers and in Electron's will-download). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: revoking at once can cancel the download in some engines.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
