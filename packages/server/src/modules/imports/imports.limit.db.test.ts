import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { SCHOOL_A } from '../../../test/fixtures';
import { csvBuffer, upload } from '../../../test/imports';
import { MAX_OPEN_IMPORTS_PER_USER } from './imports.service';

const POPULATION = csvBuffer([
  ['姓名*', '性别*', '身份证号', '区划代码'],
  ['限额甲', '女', makeIdNumber('610727', '2017-05-06', 901, 'F'), '610727101001'],
]);
const ENROLMENT = csvBuffer([
  ['姓名*', '性别*', '身份证号', '学校代码*', '年级*'],
  ['限额乙', '男', makeIdNumber('610727', '2016-03-04', 902, 'M'), SCHOOL_A, '四年级'],
]);

describe.each(databaseKinds())('how many imports one user may have open, on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let school: Client;
  // The uploads of this file are written here, to be counted (tmpdir() reads TMPDIR each time).
  const savedTmp = process.env.TMPDIR;
  const uploadsDir = mkdtempSync(join(tmpdir(), 'baoxue-limit-test-'));

  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await login(t.app, t.fixture.users.county_admin.username);
    school = await login(t.app, t.fixture.users.school_admin.username);
    process.env.TMPDIR = uploadsDir;
  });
  afterAll(async () => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await t?.close();
    rmSync(uploadsDir, { recursive: true, force: true });
  });

  const uploadsOnDisk = () => readdirSync(uploadsDir).filter((name) => name.startsWith('baoxue-upload-'));

  /** Holds the job queue until released: the imports queued meanwhile stay queued. */
  const holdQueue = () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    void t.app.jobs.enqueue('test:hold', () => held);
    return release;
  };

  it('refuses, with 429 and nothing left on disk, an upload beyond the few a user may have queued or running', async () => {
    const release = holdQueue();
    try {
      for (let i = 0; i < MAX_OPEN_IMPORTS_PER_USER; i++) {
        const queued = await upload(t, admin, 'population', `roster-${i}.csv`, POPULATION);
        expect(queued.statusCode, queued.body).toBe(202);
        expect(queued.json()).toMatchObject({ status: 'queued' });
      }
      const refused = await upload(t, admin, 'population', 'one-too-many.csv', POPULATION);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({
        error: {
          code: 'too_many_imports',
          message: expect.stringContaining(`${MAX_OPEN_IMPORTS_PER_USER} 个导入任务`),
          messageEn: expect.stringContaining(`${MAX_OPEN_IMPORTS_PER_USER} imports`),
        },
      });
      // Only the queued jobs' files are on disk: the refused upload left none behind.
      expect(uploadsOnDisk()).toHaveLength(MAX_OPEN_IMPORTS_PER_USER);
      const jobs = await admin.request('GET', '/api/imports?pageSize=100');
      expect(jobs.json<{ items: { fileName: string }[] }>().items.map((j) => j.fileName)).not.toContain(
        'one-too-many.csv',
      );

      // The limit is each user's own: another user's upload is taken meanwhile.
      const other = await upload(t, school, 'enrollment', 'school-roll.csv', ENROLMENT);
      expect(other.statusCode, other.body).toBe(202);
    } finally {
      release();
    }
    await t.app.jobs.idle();
    expect(uploadsOnDisk()).toEqual([]);
    // Once the jobs have ended, the user may upload again.
    const again = await upload(t, admin, 'population', 'next-day.csv', POPULATION);
    expect(again.statusCode, again.body).toBe(202);
    await t.app.jobs.idle();
  });
});
