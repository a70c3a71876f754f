// Bulk rows in and out of the database with COPY, for the work that moves a county's
// whole rosters at once (a reconciliation reads every child and writes every result).
// Row by row through the query protocol, a million results took ≈ 20 s to write on
// PostgreSQL; COPY moves them as one stream of text lines.
//
// A bulk session is one transaction on one connection of its own, outside Kysely (which
// cannot lend its connection to a COPY): on PostgreSQL a pool client streaming through
// pg-copy-streams, on PGlite a transaction of its single connection with the rows in a
// Blob (PGlite's COPY reads and writes '/dev/blob'). Values travel in COPY's text
// format: `\N` for null, backslash escapes for backslash, tab, newline and return.
import { once } from 'node:events';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { utf8Text, Utf8LineCutter } from '../lib/utf8-lines';

/** A value as COPY text takes it: numbers and booleans as PostgreSQL reads them. */
export type CopyValue = string | number | boolean | null;
/** A row as COPY text gives it back: every value as text, null as null. */
export type CopyRow = (string | null)[];

export interface BulkSession {
  /**
   * The rows of a query (with its values inlined: COPY takes no parameters), in batches.
   * `onBytes` is shown the COPY text as it arrives, before its rows are read from it.
   */
  copyOut(query: string, onBytes?: (bytes: Uint8Array) => void): AsyncIterable<CopyRow[]>;
  /** Appends rows to a table's columns; returns how many. */
  copyIn(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
}

export interface BulkOptions {
  /** Every read of the session sees the database as it was at its first (a consistent picture). */
  repeatableRead?: boolean;
}

type Opener = <T>(options: BulkOptions, work: (session: BulkSession) => Promise<T>) => Promise<T>;

const openers = new WeakMap<object, Opener>();

/** Called by `connect`: bulk sessions of this database go through `opener`. */
export function registerBulk(db: object, opener: Opener): void {
  openers.set(db, opener);
}

/**
 * Runs `work` in one transaction of its own, committed when `work` resolves and rolled
 * back when it throws. Never call it inside a Kysely transaction on PGlite: its single
 * connection waits for that transaction to end first.
 */
export function withBulkSession<T>(
  db: object,
  options: BulkOptions,
  work: (session: BulkSession) => Promise<T>,
): Promise<T> {
  const opener = openers.get(db);
  if (!opener) throw new Error('this database was not opened by connect(): no bulk session');
  return opener(options, work);
}

// ------------------------------------------------------------------ text format

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const TO_ESCAPE = /[\\\t\n\r]/g;

export function encodeCopyValue(value: CopyValue): string {
  if (typeof value === 'string')
    return NEEDS_ESCAPE.test(value) ? value.replace(TO_ESCAPE, (c) => ESCAPES[c] ?? c) : value;
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (!Number.isFinite(value)) throw new Error(`not a number COPY can take: ${value}`);
  return String(value);
}

export function encodeCopyRow(row: readonly CopyValue[]): string {
  // A loop, not map and join: a run writes some ten million values.
  let line = encodeCopyValue(row[0] ?? null);
  for (let i = 1; i < row.length; i++) line += `\t${encodeCopyValue(row[i] ?? null)}`;
  return `${line}\n`;
}

/** One line of COPY text (without its newline) as its values. */
export function decodeCopyLine(line: string): CopyRow {
  const values: CopyRow = line.split('\t');
  for (let i = 0; i < values.length; i++) {
    const text = values[i] as string;
    if (text === '\\N') values[i] = null;
    else if (text.includes('\\')) values[i] = text.replace(/\\(.)/g, (_, c: string) => UNESCAPES[c] ?? c);
  }
  return values;
}

const TAB = 0x09;
const LF = 0x0a;
const BACKSLASH = 0x5c;

/**
 * Cuts a stream of COPY text bytes into rows, a batch per chunk, showing each chunk to
 * `onBytes` first. A line without a backslash (no null, nothing escaped: nearly all) is
 * cut straight from the bytes, and a column's repeated values (dates, codes, statuses)
 * are decoded once and handed out again as the same string; a line with one is decoded
 * and read by `decodeCopyLine`.
 */
export async function* copyRows(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  onBytes?: (bytes: Uint8Array) => void,
): AsyncIterable<CopyRow[]> {
  const cutter = new Utf8LineCutter(TAB, BACKSLASH);
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    onBytes?.(chunk);
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf: Buffer = carry === null ? bytes : Buffer.concat([carry, bytes]);
    const end = buf.lastIndexOf(LF) + 1;
    // Copied: the stream may reuse its chunk's memory.
    carry = Buffer.from(buf.subarray(end));
    if (end > 0) yield copyLines(cutter, buf, end);
  }
  if (carry !== null && carry.length > 0) yield copyLines(cutter, carry, carry.length);
}

/** The rows of buf[0, end): whole lines, the last one ending at `end` with or without its LF. */
function copyLines(cutter: Utf8LineCutter, buf: Buffer, end: number): CopyRow[] {
  const rows: CopyRow[] = [];
  for (let at = 0; at < end; ) {
    at = cutter.cut(buf, at, end, rows);
    if (at >= end) break;
    const nl = buf.indexOf(LF, at);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    rows.push(decodeCopyLine(utf8Text(buf, at, lineEnd)));
    at = lineEnd + 1;
  }
  return rows;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Lines of COPY text encoded into buffers of about 1 MiB: one write each. Each line goes
 * into the buffer as it is made; gathering them into one long string first and encoding
 * that cost four times as much (mostly flattening the string).
 */
function* copyChunks(rows: Iterable<readonly CopyValue[]>, counted: { rows: number }): Iterable<Buffer> {
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  for (const row of rows) {
    const line = encodeCopyRow(row);
    counted.rows++;
    // A UTF-16 code unit takes at most three bytes in UTF-8.
    if (used + line.length * 3 > buffer.length) {
      if (used > 0) yield buffer.subarray(0, used);
      buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, line.length * 3));
      used = 0;
    }
    used += buffer.write(line, used);
  }
  if (used > 0) yield buffer.subarray(0, used);
}

function columnList(columns: readonly string[]): string {
  return columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
}

function copyInStatement(table: string, columns: readonly string[], source: string): string {
  return `copy ${table} (${columnList(columns)}) from ${source}`;
}

// ------------------------------------------------------------------- PostgreSQL

export function postgresBulk(pool: pg.Pool): Opener {
  return async (options, work) => {
    const client = await pool.connect();
    let result: Awaited<ReturnType<typeof work>>;
    try {
      await client.query(options.repeatableRead ? 'begin isolation level repeatable read' : 'begin');
      result = await work(postgresSession(client));
      await client.query('commit');
    } catch (error) {
      // A COPY cut short can leave the connection mid-stream: it is closed rather than
      // reused, and the server rolls its transaction back.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    client.release();
    return result;
  };
}

function postgresSession(client: pg.PoolClient): BulkSession {
  return {
    copyOut: (query, onBytes) => copyRows(client.query(copyTo(`copy (${query}) to stdout`)), onBytes),
    copyIn: async (table, columns, rows) => {
      const stream = client.query(copyFrom(copyInStatement(table, columns, 'stdin')));
      const counted = { rows: 0 };
      const done = once(stream, 'finish');
      for (const chunk of copyChunks(rows, counted)) {
        if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
      }
      stream.end();
      await done;
      return counted.rows;
    },
  };
}

// ----------------------------------------------------------------------- PGlite

export function pgliteBulk(pglite: PGlite): Opener {
  // One connection: any transaction of it is a consistent picture, repeatable read or not.
  return (_options, work) => pglite.transaction((tx) => work(pgliteSession(tx)));
}

function pgliteSession(tx: Transaction): BulkSession {
  return {
    copyOut: async function* (query, onBytes) {
      const result = await tx.query(`copy (${query}) to '/dev/blob'`);
      const bytes = result.blob ? new Uint8Array(await result.blob.arrayBuffer()) : new Uint8Array(0);
      yield* copyRows([bytes], onBytes);
    },
    copyIn: async (table, columns, rows) => {
      const counted = { rows: 0 };
      const blob = new Blob([...copyChunks(rows, counted)]);
      if (counted.rows > 0) await tx.query(copyInStatement(table, columns, `'/dev/blob'`), [], { blob });
      return counted.rows;
    },
  };
}
