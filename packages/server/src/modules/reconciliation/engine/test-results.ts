// For the tests that compare two runs' results: a result tells its children's origins by a
// function (`originOf`), and functions compare by identity, so results compare as data.
import type { ReconciliationResult } from './types';

/** A result as data: its origins listed in the children's order. */
export function comparable({ originOf, ...result }: ReconciliationResult) {
  return { ...result, origins: result.children.map((_, i) => originOf(i)) };
}
