// Lines of UTF-8 text cut into cells straight from their bytes: CSV for a reader told
// which columns it needs (file mode), and COPY's text format as PostgreSQL and PGlite
// send a roster (in-app runs). Only the cells wanted are decoded, the text is never
// decoded as a whole, and the cells of a column that repeats a few values (gender,
// village and school codes, dates, grades, statuses) are decoded once per distinct value
// and handed out again, so that a roster of a million rows does not make ten million
// strings. A CSV file read whole goes through `CsvParser`, whose native split is as fast
// for every cell.
//
// The cells are exactly what the text parsers give for the same line of decoded text:
// every byte the cutter looks at (delimiter, quote or backslash, CR, LF) is ASCII, and no
// byte of a multi-byte UTF-8 character is below 0x80. A line holding the format's special
// byte (CSV's quote, COPY's backslash) is left to the text parser.

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const COMMA = 0x2c;
const TAB = 0x09;
const SEMICOLON = 0x3b;

/**
 * A filled cell of a column the reader was told not to read (`TableReader.select`): it
 * counts as filled, so a row is empty only when every one of its cells is, but holds no value.
 */
export const SKIPPED_CELL: unique symbol = Symbol('cell not read');

/** The delimiter of a file, decided by its first line as `CsvParser` decides it. */
export function sniffDelimiter(buf: Uint8Array, from: number, to: number): number {
  let tab = false;
  let semicolon = false;
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b === COMMA) return COMMA;
    if (b === TAB) tab = true;
    else if (b === SEMICOLON) semicolon = true;
  }
  return tab ? TAB : semicolon ? SEMICOLON : COMMA;
}

/**
 * The text of buf[start, end). `Buffer#toString` checks its arguments and looks up the
 * encoding on every call, which at ten million cells cost more than the decoding itself;
 * `utf8Slice` is the method it ends in. It is not in Node.js's documentation, so the
 * tests that read every kind of cell through here are what vouch for it on an upgrade.
 */
export function utf8Text(buf: Buffer, start: number, end: number): string {
  return (buf as Buffer & { utf8Slice(start: number, end: number): string }).utf8Slice(start, end);
}

/** Beyond this many distinct values a column is not one that repeats: its cells are decoded as they come. */
const MAX_INTERNED = 1 << 16;

/**
 * The strings of one column by their bytes: a value seen before comes back as the same
 * string, without being decoded again. An open-addressing table of FNV-1a hashes over
 * a pool of the values' bytes.
 */
export class ByteInterner {
  private slots = new Int32Array(1 << 10).fill(-1);
  private hashes: number[] = [];
  private readonly strings: string[] = [];
  private readonly starts: number[] = [0];
  private pool = new Uint8Array(1 << 12);
  /** False once the column proved to hold too many distinct values to be worth it. */
  active = true;

  /** The string of buf[start, end); decodes it only when these bytes were not seen before. */
  get(buf: Buffer, start: number, end: number): string {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
    const mask = this.slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const n = this.slots[at] as number;
      if (n === -1) return this.add(buf, start, end, hash, at);
      if (this.hashes[n] === hash && this.sameBytes(n, buf, start, end)) return this.strings[n] as string;
    }
  }

  private sameBytes(n: number, buf: Buffer, start: number, end: number): boolean {
    const from = this.starts[n] as number;
    if ((this.starts[n + 1] as number) - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.pool[from + i] !== buf[start + i]) return false;
    return true;
  }

  private add(buf: Buffer, start: number, end: number, hash: number, slot: number): string {
    const text = utf8Text(buf, start, end);
    const n = this.strings.length;
    if (n >= MAX_INTERNED) {
      this.active = false;
      return text;
    }
    const from = this.starts[n] as number;
    if (from + end - start > this.pool.length) {
      const grown = new Uint8Array(Math.max(this.pool.length * 2, from + end - start));
      grown.set(this.pool);
      this.pool = grown;
    }
    this.pool.set(buf.subarray(start, end), from);
    this.starts.push(from + end - start);
    this.strings.push(text);
    this.hashes.push(hash);
    this.slots[slot] = n;
    if (n * 2 >= this.slots.length) this.rehash();
    return text;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let n = 0; n < this.strings.length; n++) {
      let at = (this.hashes[n] as number) & mask;
      while (slots[at] !== -1) at = (at + 1) & mask;
      slots[at] = n;
    }
    this.slots = slots;
  }
}

/**
 * Cuts whole lines of UTF-8 bytes into cells. `select` limits the columns decoded; the
 * columns not selected give '' when blank and `SKIPPED_CELL` otherwise. A line holding
 * the `special` byte (CSV's quote, the backslash of COPY's text format) is left to the
 * caller's parser.
 */
export class Utf8LineCutter {
  private selected: readonly boolean[] | null = null;
  private readonly interners: ByteInterner[] = [];

  constructor(
    readonly delimiter: number,
    private readonly special = QUOTE,
  ) {}

  /** Decode only the cells of these column positions from now on. */
  select(columns: readonly number[]): void {
    const selected: boolean[] = [];
    for (const c of columns) selected[c] = true;
    this.selected = selected;
  }

  /**
   * Appends the cells of each line of buf[from, to) to `out`; `to` is just past a LF, or
   * the end of the input. Stops before the first line holding the special byte and
   * returns where that line starts (or `to` when there was none).
   */
  cut(buf: Buffer, from: number, to: number, out: unknown[][]): number {
    const { delimiter, special } = this;
    let pos = from;
    while (pos < to) {
      let nl = buf.indexOf(LF, pos);
      if (nl < 0 || nl >= to) nl = to;
      const end = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
      const cells: unknown[] = [];
      let start = pos;
      for (let i = pos; i < end; i++) {
        const b = buf[i];
        if (b === delimiter) {
          cells.push(this.cell(buf, start, i, cells.length));
          start = i + 1;
        } else if (b === special) return pos;
      }
      cells.push(this.cell(buf, start, end, cells.length));
      out.push(cells);
      pos = nl + 1;
    }
    return to;
  }

  private cell(buf: Buffer, start: number, end: number, column: number): unknown {
    if (start === end) return '';
    if (this.selected !== null && this.selected[column] !== true) {
      return isBlank(buf, start, end) ? '' : SKIPPED_CELL;
    }
    let interner = this.interners[column];
    if (interner === undefined) this.interners[column] = interner = new ByteInterner();
    return interner.active ? interner.get(buf, start, end) : utf8Text(buf, start, end);
  }
}

/** Lead bytes of the characters beyond ASCII that `String.prototype.trim` removes (U+00A0, U+3000 …). */
const SPACE_LEADS = new Set([0xc2, 0xe1, 0xe2, 0xe3, 0xef]);

/** Whether the cell is blank as `isEmptyCell` sees it (nothing left after `trim`), decoding it only when unsure. */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    if (b < 0x80 || !SPACE_LEADS.has(b)) return false;
    return utf8Text(buf, start, end).trim() === '';
  }
  return true;
}
