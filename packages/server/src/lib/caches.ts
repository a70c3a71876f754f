import { forgetCachedSessions } from '../modules/auth/session-cache';
import { forgetKeptRows } from './kept-rows';
import { forgetPlaceNames } from './place-names';

/**
 * What the server keeps from the database between requests — resolved sessions, place
 * names, kept figures — forgotten after a change (a successful write through the API, the
 * end of an import or a reconciliation run), so the next request reads afresh.
 */
export function forgetCaches(): void {
  forgetCachedSessions();
  forgetPlaceNames();
  forgetKeptRows();
}
