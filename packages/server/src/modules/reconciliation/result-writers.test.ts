import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '@baoxue/shared';
import { tempDir } from '../imports/test-files';
import {
  CHILD_STATUSES,
  type ChildResult,
  type ReconciliationResult,
  type StatusSummary,
} from './engine/types';
import { writeResult } from './result-writers';

let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
});
afterAll(() => remove());

const ZERO_SUMMARY = Object.fromEntries(CHILD_STATUSES.map((s) => [s, 0])) as StatusSummary;

function child(n: number, name: string): ChildResult {
  return {
    idNumber: makeIdNumber('610727', '2016-05-06', n % 1000, n % 2 === 0 ? 'F' : 'M'),
    name,
    age: 10,
    villageCode: '610727100201',
    status: 'enrolled_in_county',
    schoolCode: '2161000001',
    flags: [],
    candidates: [],
  };
}

/**
 * Enough children to fill the writer's buffer many times over, and names longer than a
 * buffer's room (one longer than a whole buffer): every way a piece of text goes out.
 */
function largeResult(): ReconciliationResult {
  const children = Array.from({ length: 30_000 }, (_, n) => child(n, `学生${n}`));
  children.splice(10_000, 0, child(1, '长'.repeat(200_000)), child(2, '名'.repeat(500_000)));
  return {
    schoolYear: 2026,
    children,
    originOf: () => ({ row: 1, gender: 'F', birthDate: '2015-01-01' }),
    findings: [],
    summary: { ...ZERO_SUMMARY, enrolled_in_county: children.length },
  };
}

describe('writeResult', () => {
  it('writes every child of a large result, in order, whatever the length of a line', async () => {
    const result = largeResult();
    const path = join(dir, 'large.json');
    await writeResult(result, path, 'json');
    const written = JSON.parse(await readFile(path, 'utf8')) as { children: ChildResult[] };
    expect(written.children).toHaveLength(result.children.length);
    expect(written.children).toEqual(result.children);
  });

  it('writes the same children as CSV lines', async () => {
    const result = largeResult();
    const path = join(dir, 'large.csv');
    await writeResult(result, path, 'csv');
    const lines = (await readFile(path, 'utf8')).split('\r\n');
    expect(lines).toHaveLength(result.children.length + 2);
    expect(lines[10_001]?.split(',')[1]).toBe('长'.repeat(200_000));
    expect(lines[10_002]?.split(',')[1]).toBe('名'.repeat(500_000));
    expect(lines[result.children.length]?.split(',')[1]).toBe('学生29999');
  });
});
