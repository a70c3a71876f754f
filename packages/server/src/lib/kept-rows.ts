import type { CompiledQuery } from 'kysely';
import type { Db } from '../context';

// Figures over the registries — students per school, the total of a filtered list, the
// statuses of a reconciliation run per town — cost PostgreSQL time in proportion to the
// rows counted (a county's 29,000 students: 3 ms) on every page view, yet they change only
// when the registries do: through the API, an import or a reconciliation run. Their rows are
// kept here per query text and parameters (the data scope is among them, so each scope has
// its own), forgotten with the other caches on every such change (lib/caches.ts), and after
// KEEP_MS at the latest, which bounds how late a change made by another process (a command-
// line import into the same PostgreSQL) is seen.

const KEEP_MS = 30_000;
const MAX_ENTRIES = 2_000;

interface Entry {
  at: number;
  value: Promise<unknown>;
}

const entries = new Map<string, Entry>();

interface Query<R> {
  compile(): CompiledQuery;
  execute(): Promise<R[]>;
}

function keyOf(query: Query<unknown>): string {
  const { sql, parameters } = query.compile();
  return `${sql}\u0000${JSON.stringify(parameters)}`;
}

/**
 * The rows of a read of figures: from memory until the next change, else from the database.
 * Inside a transaction always from the database, and not kept: the transaction must see its
 * own changes, and may yet roll them back.
 */
export function keptRows<R>(db: Db, query: Query<R>, now = Date.now()): Promise<readonly Readonly<R>[]> {
  // Frozen: every later request shares these rows, so none may change them.
  const read = () => query.execute().then((list) => Object.freeze(list.map((row) => Object.freeze(row))));
  return keptValue(db, keyOf(query), read, now);
}

/**
 * A value made only of what the database holds (the answer of a page of figures, the order of
 * a roster), kept under `key` as the rows above are: forgotten with them and after the same
 * time, and never inside a transaction. The key must name everything the value depends on. A
 * value still being made is shared, so a burst of requests makes it once.
 */
export function keptValue<T>(db: Db, key: string, make: () => Promise<T>, now = Date.now()): Promise<T> {
  if (db.isTransaction) return make();
  const entry = entries.get(key);
  if (entry && now - entry.at < KEEP_MS) return entry.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = make();
  entries.set(key, { at: now, value });
  value.catch(() => entries.delete(key));
  return value;
}

/** The first row's `n` of a kept `count(*) as n`. */
export async function keptCount(db: Db, query: Query<{ n: number }>): Promise<number> {
  const [row] = await keptRows(db, query);
  return row?.n ?? 0;
}

export function forgetKeptRows(): void {
  entries.clear();
}
