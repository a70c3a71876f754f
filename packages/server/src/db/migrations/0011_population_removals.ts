import { sql, type Kysely } from 'kysely';

// 注销 stands for the school year: a child taken off the roster because the household moved
// away or at a death is kept out of later imports of the same year, which still list them
// while household registration catches up.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table population_removals (
     county_code text not null references counties (county_code),
     school_year integer not null,
     id_number text not null,
     village_code text not null,
     reason text not null check (reason in ('moved_out', 'death')),
     note text not null,
     name text not null,
     user_id integer,
     username text,
     removed_at timestamptz not null default now(),
     primary key (county_code, school_year, id_number)
   )`.execute(db);
}
