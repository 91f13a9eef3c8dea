/**
 * A plain-text table: columns padded to their widest cell, separated by two
 * spaces, with a dashed rule under the header; no box characters, so it reads
 * the same in a terminal, a log file and a Markdown code block. Trailing spaces
 * are trimmed. `align` is per column, `l` (default) or `r` (for numbers).
 */
export function renderTable(headers: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  rows.forEach((row, index) => {
    if (row.length > headers.length) {
      throw new Error(`renderTable: row ${index} has ${row.length} cells, expected at most ${headers.length} (one per header)`);
    }
  });
  const widths = headers.map((header, column) => Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[column] ?? ''))));
  const renderRow = (cells: string[]): string =>
    widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        const padding = ' '.repeat(width - displayWidth(cell));
        return align[column] === 'r' ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [renderRow(headers), rule, ...rows.map(renderRow)].join('\n');
}

// Code points rather than UTF-16 units, so `σ`, `≥` and `±` count as one column.
function displayWidth(text: string): number {
  return [...text].length;
}
