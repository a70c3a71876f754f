// ExcelJS's streaming reader decodes each decompressed chunk of XML on its own
// (`TextDecoder.decode(chunk)` without `stream: true`), so a Chinese character that
// straddles two chunks becomes two U+FFFD: in a 100,000-row roster about one name in
// 5,000 came out garbled (silently, where the column is free text) or a 性别 cell became
// unreadable. This module loads a private copy of the streaming workbook and worksheet
// readers bound to a parser that keeps the decoder's state across chunks, and leaves
// ExcelJS itself (and everyone else's copy of it) untouched.
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);
const base = require.resolve('exceljs/package.json').replace(/package\.json$/, '');
const fromExcelJs = createRequire(require.resolve('exceljs'));

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

interface SaxesParserLike {
  on(event: 'error', handler: (error: Error) => void): void;
  on(event: 'opentag' | 'text' | 'closetag', handler: (value: unknown) => void): void;
  write(chunk: string): void;
}

const { SaxesParser } = fromExcelJs('saxes') as { SaxesParser: new () => SaxesParserLike };

/** ExcelJS's `parse-sax`, with one decoder per stream that carries split characters over. */
async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const decoder = new TextDecoder('utf-8');
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (err) => (error = err));
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

type WorkbookReaderClass = typeof ExcelJS.stream.xlsx.WorkbookReader;

function loadReader(): WorkbookReaderClass {
  const path = (p: string) => require.resolve(`${base}lib/${p}`);
  const parseSaxPath = path('utils/parse-sax.js');
  const fresh = [
    'stream/xlsx/workbook-reader.js',
    'stream/xlsx/worksheet-reader.js',
    'stream/xlsx/hyperlink-reader.js',
  ].map(path);
  const saved = new Map([parseSaxPath, ...fresh].map((p) => [p, require.cache[p]]));
  try {
    // The readers take their parser when they are loaded: load ours with the fixed one.
    const stub = {
      ...(saved.get(parseSaxPath) ?? {}),
      id: parseSaxPath,
      filename: parseSaxPath,
      loaded: true,
      exports: parseSax,
    };
    require.cache[parseSaxPath] = stub as NodeJS.Module;
    for (const p of fresh) delete require.cache[p];
    return require(fresh[0]!) as WorkbookReaderClass;
  } finally {
    for (const [p, module] of saved) {
      if (module) require.cache[p] = module;
      else delete require.cache[p];
    }
  }
}

/** ExcelJS's streaming `WorkbookReader`, reading multi-byte text correctly. */
const StreamingReader: WorkbookReaderClass = loadReader();

// ExcelJS reads the archive in one streaming pass, and that pass now and then ends before
// the archive's last entry (exceljs#3064): about one read in 200 of a workbook ExcelJS
// wrote (its workbook.xml comes last) failed as "damaged", and where the last entry is a
// sheet its rows would be lost. The workbook is a file here, so its parts are read
// through the zip's central directory instead: every part is found, the workbook's
// description and shared strings before any sheet, and the sheets in the workbook's order.

interface ZipEntry {
  path: string;
  uncompressedSize: number;
  stream(): Readable;
}

const unzip = fromExcelJs('unzipper') as { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
const iterateStream = fromExcelJs(`${base}lib/utils/iterate-stream.js`) as (
  stream: Readable,
) => AsyncIterable<Buffer>;

/** The parts of ExcelJS's reader that the central-directory pass drives. */
interface ReaderInternals {
  input: string;
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  /** After `_parseStyles`: the workbook's own number formats by id. */
  styles?: { index?: { numFmt?: (string | undefined)[] } };
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Iterable<unknown>;
}

/** The sheets' entries in the workbook's order; sheets it does not name follow by number. */
function sheetsInOrder(reader: ReaderInternals, files: ZipEntry[]): [ZipEntry, string][] {
  const sheets = new Map<string, ZipEntry>();
  for (const f of files) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(f.path);
    if (m) sheets.set(m[1]!, f);
  }
  const ordered: string[] = [];
  for (const sheet of reader.model?.sheets ?? []) {
    const target = reader.workbookRels?.find((r) => r.Id === sheet.rId)?.Target ?? '';
    const m = /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(target);
    if (m && sheets.has(m[1]!) && !ordered.includes(m[1]!)) ordered.push(m[1]!);
  }
  const rest = [...sheets.keys()].filter((n) => !ordered.includes(n)).sort((a, b) => Number(a) - Number(b));
  return [...ordered, ...rest].map((n) => [sheets.get(n)!, n]);
}

/** The chunks of `source`, each told to `count` as it is read. */
async function* counted(
  source: AsyncIterable<Buffer>,
  count: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    count(chunk.length);
    yield chunk;
  }
}

// Excel leaves the East Asian built-in number formats (ids 27–36 and 50–58, among them
// 31 yyyy"年"m"月"d"日", the usual date cell of a Chinese workbook) out of styles.xml, and
// ExcelJS knows them only per culture (exceljs#2893): it read such a date cell as a bare
// number. Each reader's own index of formats gets their Chinese codes, where the workbook
// does not give its own; ExcelJS's table is read, not changed.
const defaultFormats = fromExcelJs(`${base}lib/xlsx/defaultnumformats.js`) as Record<
  string,
  { f?: string; 'zh-cn'?: string }
>;
const CHINESE_BUILT_IN_FORMATS: [number, string][] = Object.entries(defaultFormats).flatMap(([id, format]) =>
  format.f === undefined && format['zh-cn'] ? [[Number(id), format['zh-cn']] as [number, string]] : [],
);

function addChineseBuiltInFormats(reader: ReaderInternals): void {
  const index = reader.styles?.index?.numFmt;
  if (!index) return;
  for (const [id, code] of CHINESE_BUILT_IN_FORMATS) index[id] ??= code;
}

/**
 * ExcelJS's streaming reader of a workbook file (its constructor takes the file's path),
 * with multi-byte text read correctly and every part of the archive found. `bytesRead`
 * tells how far into the file the sheets have been read, for a progress bar.
 */
export class WorkbookReader extends StreamingReader {
  bytesRead = 0;

  override async *parse(): AsyncGenerator<unknown> {
    const reader = this as unknown as ReaderInternals;
    const path = reader.input;
    const { files } = await unzip.Open.file(path);
    const part = (name: string) => files.find((f) => f.path === name);
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels.stream());
    const workbook = part('xl/workbook.xml');
    if (workbook) await reader._parseWorkbook(workbook.stream());
    const strings = part('xl/sharedStrings.xml');
    if (strings) yield* reader._parseSharedStrings(strings.stream());
    const styles = part('xl/styles.xml');
    if (styles) await reader._parseStyles(styles.stream());
    addChineseBuiltInFormats(reader);
    const { size } = await stat(path);
    const sheets = sheetsInOrder(reader, files);
    const total = sheets.reduce((n, [f]) => n + f.uncompressedSize, 0) || 1;
    let done = 0;
    const count = (bytes: number) => {
      done += bytes;
      this.bytesRead = Math.min(size, Math.round((size * done) / total));
    };
    for (const [entry, sheetNo] of sheets) {
      const stream = entry.stream();
      try {
        yield* reader._parseWorksheet(counted(iterateStream(stream), count), sheetNo);
      } finally {
        // A reader that stops inside a sheet (the first sheet only, or a refused file)
        // leaves no file open.
        stream.destroy();
      }
    }
  }
}
