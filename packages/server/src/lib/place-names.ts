import type { Db } from '../context';

// The names of places (towns, villages, schools, classes) by code, per county. Lists show
// them on every row, and joining three tables for a name cost PostgreSQL five times the
// work of the page itself (planning five joins for twenty rows). The names are read once
// and kept; a code not yet known (a school created since) reads them again, and any change
// made through the API or an import forgets them (plugins/auth.ts), so a rename shows at once.

export interface PlaceNames {
  region(code: string | null): string | null;
  school(code: string | null): string | null;
  classOf(id: number | null): string | null;
  /** The grade of a class: with its name, 三年级1班. */
  classGrade(id: number | null): number | null;
}

export interface WantedPlaces {
  regions?: readonly (string | null)[];
  schools?: readonly (string | null)[];
  classes?: readonly (number | null)[];
}

interface Loaded {
  regions: Map<string, string>;
  schools: Map<string, string>;
  classes: Map<number, string>;
  classGrades: Map<number, number>;
}

const cache = new Map<string, Promise<Loaded>>();

async function load(db: Db, countyCode: string): Promise<Loaded> {
  const [regions, schools, classes] = await Promise.all([
    db.selectFrom('regions').select(['code', 'name']).where('county_code', '=', countyCode).execute(),
    db.selectFrom('schools').select(['code', 'name']).where('county_code', '=', countyCode).execute(),
    db.selectFrom('classes').select(['id', 'name', 'grade']).where('county_code', '=', countyCode).execute(),
  ]);
  return {
    regions: new Map(regions.map((r) => [r.code, r.name])),
    schools: new Map(schools.map((s) => [s.code, s.name])),
    classes: new Map(classes.map((c) => [c.id, c.name])),
    classGrades: new Map(classes.map((c) => [c.id, c.grade])),
  };
}

function covers(names: Loaded, wanted: WantedPlaces): boolean {
  const known = <K>(map: Map<K, string>, keys: readonly (K | null)[] = []) =>
    keys.every((k) => k === null || map.has(k));
  return (
    known(names.regions, wanted.regions) && known(names.schools, wanted.schools) && known(names.classes, wanted.classes)
  );
}

function loadInto(db: Db, countyCode: string): Promise<Loaded> {
  const loading = load(db, countyCode);
  cache.set(countyCode, loading);
  loading.catch(() => cache.delete(countyCode));
  return loading;
}

/** Names for the places asked for; reads them again once when one is not known yet. */
export async function placeNames(db: Db, countyCode: string, wanted: WantedPlaces): Promise<PlaceNames> {
  let names = await (cache.get(countyCode) ?? loadInto(db, countyCode));
  if (!covers(names, wanted)) names = await loadInto(db, countyCode);
  return {
    region: (code) => (code === null ? null : (names.regions.get(code) ?? null)),
    school: (code) => (code === null ? null : (names.schools.get(code) ?? null)),
    classOf: (id) => (id === null ? null : (names.classes.get(id) ?? null)),
    classGrade: (id) => (id === null ? null : (names.classGrades.get(id) ?? null)),
  };
}

export function forgetPlaceNames(): void {
  cache.clear();
}
