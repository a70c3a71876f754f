import { verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db';
import { DEMO_PASSWORD, generateDemoCounty, type DemoCounty } from './generate';
import { DemoCountyExistsError, seedDemoCounty, type DemoSeedSummary } from './seed';

let demo: DemoCounty;
beforeAll(() => {
  demo = generateDemoCounty();
}, 60_000);

describe.each(databaseKinds())('seeding the demo county into %s', (kind) => {
  let database: TestDatabase;
  let summary: DemoSeedSummary;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const started = performance.now();
    summary = await seedDemoCounty(database.db, { county: demo });
    // Reported so that the start-up budget (serve within 60 s on an empty data folder) stays visible.
    console.info(
      `[demo] ${kind}: seeded ${summary.counts.students} students in ${Math.round(performance.now() - started)} ms`,
    );
  }, 120_000);
  afterAll(async () => database?.dispose());

  const count = async (table: keyof DemoCounty['tables']) => {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('writes every generated row and reports the counts', async () => {
    for (const [table, rows] of Object.entries(demo.tables)) {
      expect(await count(table as keyof DemoCounty['tables']), table).toBe(rows.length);
      expect(summary.counts[table as keyof DemoCounty['tables']]).toBe(rows.length);
    }
    expect(summary.counts.students).toBeGreaterThan(24_000);
    expect(summary.population).toBe(demo.population.length);
    expect(summary.accounts.map((a) => a.username)).toEqual([
      'admin',
      'leader',
      'inspector',
      'town',
      'village',
      'school',
      'teacher',
    ]);
    // How long it takes is a benchmark's (npm run bench -- seed), not a test's.
  });

  it('keeps the references between tables intact', async () => {
    const db = database.db;
    const orphans = await sql<{ what: string; n: number }>`
      select 'student class' as what, count(*)::int as n from students s
        left join classes c on c.county_code = s.county_code and c.id = s.class_id
        where s.class_id is not null and (c.id is null or c.school_code <> s.school_code or c.grade <> s.grade)
      union all
      select 'class head teacher', count(*)::int from classes c
        left join staff t on t.county_code = c.county_code and t.id = c.head_teacher_staff_id
        where t.id is null or t.school_code <> c.school_code
      union all
      select 'inspector zone', count(*)::int from staff t
        where t.kind = 'inspector' and t.zone_id is null
      union all
      select 'village without primary', count(*)::int from regions r
        where r.level = 'village' and not exists (
          select 1 from school_service_areas a join schools s on s.county_code = a.county_code and s.code = a.school_code
          where a.county_code = r.county_code and a.village_code = r.code and s.type in ('primary', 'nine_year', 'twelve_year'))
      union all
      select 'village without junior', count(*)::int from regions r
        where r.level = 'village' and not exists (
          select 1 from school_service_areas a join schools s on s.county_code = a.county_code and s.code = a.school_code
          where a.county_code = r.county_code and a.village_code = r.code
            and s.type in ('junior', 'nine_year', 'complete_secondary', 'twelve_year'))
      union all
      select 'user staff', count(*)::int from users u
        left join staff t on t.county_code = u.county_code and t.id = u.staff_id
        where t.id is null
    `.execute(db);
    expect(orphans.rows.filter((r) => r.n > 0)).toEqual([]);
  });

  it("begins every pupil's registry history with 注册学籍, and a pupil not 在读 with the change that made it", async () => {
    const { rows } = await sql<Record<string, number>>`
      with per as (
        select s.status,
          count(*) filter (where e.kind = 'enrol')::int as enrolments,
          coalesce(bool_or(e.kind <> 'enrol' and e.status_after = s.status), false) as changed,
          coalesce(bool_and(e.kind <> 'enrol' or (e.grade <= s.grade
            and e.event_date <= ${`${demo.schoolYear}-09-01`}::date)), false) as entered
        from students s
        left join student_events e on e.county_code = s.county_code and e.student_id = s.id
        group by s.id, s.status)
      select count(*)::int as "pupils",
        (count(*) filter (where enrolments = 1))::int as "one enrolment each",
        (count(*) filter (where status <> 'enrolled'))::int as "not 在读",
        (count(*) filter (where status <> 'enrolled' and changed))::int as "their change",
        (count(*) filter (where entered))::int as "entered at a grade the school teaches"
      from per`.execute(database.db);
    const n = rows[0]!;
    expect(n['pupils']).toBeGreaterThan(24_000);
    expect(n['one enrolment each']).toBe(n['pupils']);
    expect(n['not 在读']).toBeGreaterThan(0);
    expect(n['their change']).toBe(n['not 在读']);
    expect(n['entered at a grade the school teaches']).toBe(n['pupils']);
  });

  it('stores demo accounts with one argon2id hash of the demo password', async () => {
    const users = await database.db
      .selectFrom('users')
      .select(['username', 'password_hash', 'is_demo', 'must_change_password', 'scope_code', 'staff_id'])
      .orderBy('id')
      .execute();
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
    const first = users[0];
    expect(first?.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await verify(first?.password_hash ?? '', DEMO_PASSWORD)).toBe(true);
    expect(users.every((u) => u.is_demo && !u.must_change_password)).toBe(true);
    const teacher = users.find((u) => u.username === 'teacher');
    expect(teacher?.scope_code).toBe(String(teacher?.staff_id));
  });

  it('installs the built-in dictionaries for the county', async () => {
    const row = await database.db
      .selectFrom('dictionaries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', '610727')
      .executeTakeFirstOrThrow();
    expect(Number(row.n)).toBeGreaterThan(0);
  });

  it('moves the identity sequences past the inserted ids', async () => {
    const inserted = await database.db
      .insertInto('staff')
      .values({ county_code: '610727', name: '新同事', gender: 'F', kind: 'teacher' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBe(demo.tables.staff.length + 1);
    await database.db.deleteFrom('staff').where('id', '=', inserted.id).execute();
  });

  it('refuses a second seed with a clear error and changes nothing', async () => {
    const before = await count('students');
    await expect(seedDemoCounty(database.db, { county: demo })).rejects.toBeInstanceOf(DemoCountyExistsError);
    await expect(seedDemoCounty(database.db, { county: demo })).rejects.toThrow(/610727.*already exists/);
    expect(await count('students')).toBe(before);
  });
});

describe.each(databaseKinds())('seeding beside another county on %s', (kind) => {
  it('shifts ids past the existing rows and keeps the references right', async () => {
    const database = await createTestDatabase(kind);
    try {
      const db = database.db;
      await db.insertInto('counties').values({ county_code: '999999', name: '他县' }).execute();
      await db.insertInto('inspection_zones').values({ county_code: '999999', name: '一区' }).execute();
      await db
        .insertInto('staff')
        .values(
          [1, 2, 3].map((i) => ({
            county_code: '999999',
            name: `员工${i}`,
            gender: 'M' as const,
            kind: 'teacher' as const,
          })),
        )
        .execute();
      const small = generateDemoCounty({ scale: 0.02 });
      const summary = await seedDemoCounty(db, { county: small });
      const teacher = summary.accounts.find((a) => a.username === 'teacher');
      const original = small.accounts.find((a) => a.username === 'teacher');
      expect(Number(teacher?.scopeCode)).toBe(Number(original?.scopeCode) + 3);
      const user = await db
        .selectFrom('users')
        .select(['scope_code', 'staff_id'])
        .where('username', '=', 'teacher')
        .executeTakeFirstOrThrow();
      expect(user.scope_code).toBe(String(user.staff_id));
      const inspector = await db
        .selectFrom('users')
        .select('scope_code')
        .where('username', '=', 'inspector')
        .executeTakeFirstOrThrow();
      const zoneTowns = await db
        .selectFrom('zone_towns')
        .select('town_code')
        .where('county_code', '=', '610727')
        .where('zone_id', '=', Number(inspector.scope_code))
        .execute();
      expect(zoneTowns.map((z) => z.town_code)).toContain('610727101');
      const heads = await db
        .selectFrom('classes')
        .select('id')
        .where('county_code', '=', '610727')
        .where('head_teacher_staff_id', '=', user.staff_id)
        .execute();
      expect(heads.length).toBeGreaterThan(0);
    } finally {
      await database.dispose();
    }
  }, 60_000);
});
