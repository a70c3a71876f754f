// CSV as Excel and the registries' export tools write it (RFC 4180: quoted fields, ""
// for a quote inside one, line breaks inside quotes), parsed incrementally so that a
// file of a million rows passes through in constant memory.
//
// Speed matters here: the parser is on the path of every row of a county-scale
// reconciliation. Lines without a quote character, the great majority, are cut with
// `indexOf` and `split`, which run in native code; only lines holding a quote go through
// the character-by-character state machine.

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export type CsvDelimiter = ',' | '\t' | ';';

export class CsvParser {
  private carry = '';
  private delimiter: CsvDelimiter | null;

  /** Without a delimiter, the first line decides: tab or semicolon where it has no comma. */
  constructor(delimiter?: CsvDelimiter) {
    this.delimiter = delimiter ?? null;
  }

  /** Whether part of a record waits for the next text: a quoted cell running over lines. */
  get pending(): boolean {
    return this.carry !== '';
  }

  /** Appends to `out` every record completed by `text`; an unfinished one waits for the next chunk. */
  push(text: string, out: unknown[][]): void {
    const buf = this.carry === '' ? text : this.carry + text;
    this.carry = buf.slice(this.parse(buf, out, false));
  }

  /** Appends the last record when the input does not end with a line break. */
  end(out: unknown[][]): void {
    const buf = this.carry;
    this.carry = '';
    if (buf !== '') this.parse(buf, out, true);
  }

  /** Parses whole records from `buf`; returns where the unconsumed rest begins. */
  private parse(buf: string, out: unknown[][], atEnd: boolean): number {
    const n = buf.length;
    let pos = 0;
    // Position of the next quote at or after `pos`, looked up again only once passed, so
    // quote-free lines cost one `indexOf('\n')` each rather than a rescan to the end.
    let nextQuote = -1;
    while (pos < n) {
      let nl = buf.indexOf('\n', pos);
      if (nl < 0) {
        if (!atEnd) break;
        nl = n;
      }
      const delimiter = this.delimiter ?? this.sniff(buf.slice(pos, nl));
      if (nextQuote < pos) {
        nextQuote = buf.indexOf('"', pos);
        if (nextQuote < 0) nextQuote = n;
      }
      if (nextQuote >= nl) {
        const end = nl > pos && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        out.push(buf.slice(pos, end).split(delimiter));
        pos = nl + 1;
        continue;
      }
      const next = parseQuotedRecord(buf, pos, delimiter.charCodeAt(0), atEnd, out);
      if (next < 0) break;
      pos = next;
    }
    return Math.min(pos, n);
  }

  private sniff(firstLine: string): CsvDelimiter {
    let delimiter: CsvDelimiter = ',';
    if (!firstLine.includes(',')) {
      if (firstLine.includes('\t')) delimiter = '\t';
      else if (firstLine.includes(';')) delimiter = ';';
    }
    this.delimiter = delimiter;
    return delimiter;
  }
}

/**
 * The state machine for a record that holds a quote. Appends the record and returns the
 * position after it, or -1 when `buf` ends inside the record and more input may follow.
 * Text after a closing quote and before the delimiter is kept, as Excel does.
 */
function parseQuotedRecord(
  buf: string,
  start: number,
  delimiter: number,
  atEnd: boolean,
  out: unknown[][],
): number {
  const n = buf.length;
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let segment = start;
  let i = start;
  while (i < n) {
    const c = buf.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (i + 1 < n && buf.charCodeAt(i + 1) === QUOTE) {
          field += buf.slice(segment, i + 1);
          i += 2;
          segment = i;
          continue;
        }
        if (i + 1 >= n && !atEnd) return -1;
        field += buf.slice(segment, i);
        inQuotes = false;
        segment = i + 1;
      }
      i++;
      continue;
    }
    if (c === QUOTE && i === segment && field === '') {
      inQuotes = true;
      segment = i + 1;
    } else if (c === delimiter) {
      fields.push(field + buf.slice(segment, i));
      field = '';
      segment = i + 1;
    } else if (c === LF) {
      const end = i > segment && buf.charCodeAt(i - 1) === CR ? i - 1 : i;
      fields.push(field + buf.slice(segment, end));
      out.push(fields);
      return i + 1;
    }
    i++;
  }
  if (!atEnd) return -1;
  // End of input: an unterminated quote takes the rest of the file, as Excel reads it.
  let last = field + buf.slice(segment, n);
  if (!inQuotes && last.endsWith('\r')) last = last.slice(0, -1);
  fields.push(last);
  out.push(fields);
  return n;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line (with its CRLF) for the given values; null and undefined become empty. */
export function csvLine(values: readonly unknown[]): string {
  // Cells are gathered and joined once: `+=` would build a tree of pieces that the
  // stream then has to flatten, line after line.
  const cells = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) cells[i] = '';
    else if (typeof v === 'number') cells[i] = String(v);
    else {
      const text = String(v);
      cells[i] = text !== '' && NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }
  }
  return `${cells.join(',')}\r\n`;
}
