/**
 * RFC 4180 CSV fields: quote a field only when it must be (a comma, a double quote or a
 * line break); double any quote inside. `[7]` needs no quotes, `[3,7]` would.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Parses RFC 4180 CSV text into rows of fields (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => { row.push(field); field = ''; };
  const endRow = () => { endField(); rows.push(row); row = []; };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; }
    else if (ch === ',') { endField(); i++; }
    else if (ch === '\r' && text[i + 1] === '\n') { endRow(); i += 2; }
    else if (ch === '\n') { endRow(); i++; }
    else { field += ch; i++; }
  }
  if (quoted) throw new Error('parseCsv: text ends inside a quoted field');
  if (field !== '' || row.length > 0) endRow(); // last line without a trailing newline
  return rows;
}
