import { sql } from 'kysely';
import type { Db } from '../context';
import { DEMO_TITLES } from './generate';

// The demo county's seven chiefs for its school year, taken from the synthetic staff the
// generator made (its county head, bureau director, town and village heads, principals —
// synthetic names, phone numbers starting with 100). Two villages are left without a head
// on purpose, so the coverage list of the chiefs page has something to show.

/** Villages left without a recorded head (the highest codes). */
export const DEMO_VILLAGES_WITHOUT_HEAD = 2;

export async function insertDemoChiefs(db: Db, countyCode: string, schoolYear: number): Promise<number> {
  const result = await sql`
    with picked as (
      select st.id, st.name, st.phone,
             case
               when st.kind = 'leader' and st.title = ${DEMO_TITLES.countyHead} then 'county_head'
               when st.kind = 'bureau' and st.title = ${DEMO_TITLES.bureauDirector} then 'bureau_director'
               when st.kind = 'official' and st.title in (${DEMO_TITLES.townHead}, ${DEMO_TITLES.subdistrictHead}) then 'town_head'
               when st.kind = 'official' and st.title in (${DEMO_TITLES.villageHead}, ${DEMO_TITLES.communityHead}) then 'village_head'
               when st.kind = 'principal' then 'principal'
             end as duty,
             case when st.kind = 'principal' then st.school_code
                  when st.kind in ('leader', 'bureau') then ${countyCode}
                  else st.region_code end as unit_code
        from staff st
       where st.county_code = ${countyCode}
    ), skipped as (
      select code from regions
       where county_code = ${countyCode} and level = 'village'
       order by code desc limit ${DEMO_VILLAGES_WITHOUT_HEAD}
    )
    insert into chiefs (county_code, school_year, unit_code, duty, name, phone, staff_id)
    select ${countyCode}, ${schoolYear}, p.unit_code, p.duty, p.name, p.phone, p.id
      from picked p
     where p.duty is not null and p.unit_code is not null
       and not (p.duty = 'village_head' and p.unit_code in (select code from skipped))
     order by p.id
    on conflict do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
