// ExcelJS's streaming reader decodes each decompressed chunk of XML on its own
// (`TextDecoder.decode(chunk)` without `stream: true`), so a Chinese character that
// straddles two chunks becomes two U+FFFD: in a 100,000-row roster about one name in
// 5,000 came out garbled (silently, where the column is free text) or a 性别 cell became
// unreadable. This module loads a private copy of the streaming workbook and worksheet
// readers bound to a parser that keeps the decoder's state across chunks, and leaves
// ExcelJS itself (and everyone else's copy of it) untouched.
import { createRequire } from 'node:module';
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
export const WorkbookReader: WorkbookReaderClass = loadReader();
