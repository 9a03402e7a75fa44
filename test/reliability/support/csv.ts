/**
 * Parses CSV as RFC 4180 and spreadsheets read it: cells separated by commas, records by CRLF (or
 * LF), quoted cells may hold commas, quotes (doubled) and line breaks. Returns records of cells,
 * quotes undone: exactly the text a spreadsheet puts in each cell.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (char === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
}

/** Characters that start a formula in a spreadsheet, and their full-width forms. */
const TRIGGERS = ['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

/** Characters an import may drop in front of a cell's text: whitespace, controls, invisible format characters. */
const droppable = (char: string) => /\s/u.test(char) || /\p{Cc}|\p{Cf}/u.test(char);

/**
 * Whether a spreadsheet could take a cell's text for a formula (the OWASP list, `= + - @ tab CR`,
 * with LF, full-width forms, and triggers behind whitespace or invisible characters): the oracle
 * the export is tested against, written independently of its regular expression.
 */
export function formulaLike(cell: string): boolean {
  if (['\t', '\r', '\n'].includes(cell[0] ?? '')) return true;
  const chars = [...cell];
  const first = chars.findIndex((char) => !droppable(char));
  return first >= 0 && TRIGGERS.includes(chars[first]!);
}
