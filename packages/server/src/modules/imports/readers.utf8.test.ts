import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIPPED_CELL } from '../../lib/utf8-lines';
import { openTable } from './readers';
import { encodeText, tempDir } from './test-files';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(async () => remove());

/** Every row of a table: its number and its cells; `select` as file mode selects. */
async function readRows(path: string, select?: readonly number[]) {
  const table = await openTable(path);
  if (select) table.select(select);
  const rows: [number, readonly unknown[]][] = [];
  for await (const row of table.rows()) rows.push([row.rowNumber, row.cells]);
  return { headers: table.headers, headerRow: table.headerRowNumber, rows };
}

/** Every column of the tables below: selected, every line after the header's batch is cut by bytes. */
const ALL = [0, 1, 2, 3, 4, 5];

/**
 * Rows ahead of the lines a test is about: the reader is told its columns once it has
 * read the header with the first 64 KiB of lines, and the bytes are cut after those.
 */
const FILLER_ROWS = 10_000;
const FILLER = '李娜,女,甲\n'.repeat(FILLER_ROWS);

/** Cells that catch the cutter out if it differs from the text parser in anything. */
const PIECES = [
  '李娜',
  '女',
  '610727201703040002',
  ' ',
  '\u3000',
  '',
  'a;b',
  'x\ty',
  '\uFEFF',
  '😀',
  '"q"',
  'a"b',
  '"a,\r\nb"',
  '"""',
];

function randomTable(rows: number, seed: number): string {
  // xorshift32: integer arithmetic throughout, so every bit is random.
  let s = seed;
  const random = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const lines = ['标题', '姓名,性别,身份证号,备注'];
  for (let r = 0; r < rows; r++) {
    // Quotes in one row of ten: the cutter hands those to the text parser and takes over again.
    const quoted = r % 10 === 0;
    const cells = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
      const piece = PIECES[Math.floor(random() * PIECES.length)] as string;
      return !quoted && piece.includes('"') ? '王芳' : piece;
    });
    lines.push(cells.join(','));
  }
  return lines.join(random() < 0.5 ? '\n' : '\r\n');
}

describe('UTF-8 CSV read by bytes', () => {
  // The same text as UTF-16 goes through the decoder and `CsvParser`: the reference.
  it.each([1, 2, 3])('reads a file exactly as the text parser does (table %i)', async (seed) => {
    const text = randomTable(40_000, seed);
    const utf8 = join(dir, `random-${seed}-utf8.csv`);
    const utf16 = join(dir, `random-${seed}-utf16.csv`);
    await writeFile(utf8, encodeText(text, 'utf-8-bom'));
    await writeFile(utf16, encodeText(text, 'utf-16le'));
    const [byBytes, byText] = [await readRows(utf8, ALL), await readRows(utf16, ALL)];
    expect(byBytes.rows.length).toBeGreaterThan(20_000);
    expect(byBytes).toEqual(byText);
  });

  it('reads a quoted line break as one row, and cuts by bytes again after it', async () => {
    const path = join(dir, 'late-quote.csv');
    await writeFile(path, `姓名,性别,备注\n${FILLER}"王\n芳",女,1\n张伟,男,2\n${FILLER}赵强,男,3\n`);
    const { rows } = await readRows(path, [0, 1]);
    expect(rows).toHaveLength(2 * FILLER_ROWS + 3);
    expect(rows[FILLER_ROWS]).toEqual([FILLER_ROWS + 2, ['王\n芳', '女', '1']]);
    // The rest of those 64 KiB go to the text parser whole; the bytes after them are cut again.
    expect(rows[FILLER_ROWS + 1]).toEqual([FILLER_ROWS + 3, ['张伟', '男', '2']]);
    expect(rows.at(-1)).toEqual([2 * FILLER_ROWS + 4, ['赵强', '男', SKIPPED_CELL]]);
  });

  it('reads the selected columns only, and still skips the rows that are empty', async () => {
    const path = join(dir, 'selected.csv');
    await writeFile(path, `姓名,性别,备注\n${FILLER}李娜,女,甲\n,,乙\n , ,\u3000\n王芳,,\n`);
    const { rows } = await readRows(path, [0, 1]);
    expect(rows).toHaveLength(FILLER_ROWS + 3);
    expect(rows.slice(-3)).toEqual([
      [FILLER_ROWS + 2, ['李娜', '女', SKIPPED_CELL]],
      [FILLER_ROWS + 3, ['', '', SKIPPED_CELL]],
      [FILLER_ROWS + 5, ['王芳', '', '']],
    ]);
  });

  it('reads every cell of a file whose reader was not told its columns', async () => {
    const path = join(dir, 'unselected.csv');
    await writeFile(path, `姓名,性别,备注\n${FILLER}王芳,女,乙\n`);
    const { rows } = await readRows(path);
    expect(rows.at(-1)).toEqual([FILLER_ROWS + 2, ['王芳', '女', '乙']]);
  });

  it('keeps the delimiter of the file when the text parser takes a line without one', async () => {
    const path = join(dir, 'quoted-semicolon.csv');
    await writeFile(path, `姓名,备注\n${FILLER}"x;y"\n王芳,乙\n`);
    expect((await readRows(path, ALL)).rows.slice(-2)).toEqual([
      [FILLER_ROWS + 2, ['x;y']],
      [FILLER_ROWS + 3, ['王芳', '乙']],
    ]);
  });

  it('keeps a byte-order mark in the middle of the file as the character it is there', async () => {
    const path = join(dir, 'inner-bom.csv');
    await writeFile(path, `姓名,备注\n${FILLER}\uFEFF李娜,"甲"\n\uFEFF王芳,乙\n`);
    expect((await readRows(path, ALL)).rows.slice(-2)).toEqual([
      [FILLER_ROWS + 2, ['\uFEFF李娜', '甲']],
      [FILLER_ROWS + 3, ['\uFEFF王芳', '乙']],
    ]);
  });

  it('refuses bytes that are not UTF-8 after a start that was', async () => {
    const path = join(dir, 'late-garbage.csv');
    const start = Buffer.from(`姓名,性别\n${FILLER}"李娜",女\n`, 'utf8');
    await writeFile(path, Buffer.concat([start, Buffer.from([0xc0, 0xee, 0x0a])]));
    await expect(readRows(path, ALL)).rejects.toMatchObject({ code: 'unreadable' });
  });
});
