import { todayIso } from '@baoxue/shared';
import { AppError, valueDetail } from '../errors';

// Jobs and deadlines ask the clock for "now", never Date directly, so tests can set the
// day (holidays, three school days later) without waiting or patching globals.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Today's date in China (YYYY-MM-DD) by this clock. */
export function today(clock: Clock): string {
  return todayIso(clock.now());
}

/**
 * A day someone records something on (a contact, a home visit, a change of registry) has
 * happened: one still to come is refused. `path` names the field, for a form to mark.
 */
export function refuseFutureDay(clock: Clock, day: string, path?: string): void {
  if (day > today(clock)) throw new AppError('future_day', path ? [valueDetail(path, day)] : undefined);
}

/** A clock that stands still until told: for tests and benchmarks. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: string | Date) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at);
  }
  /** Moves to 09:00 Beijing time of the given day (YYYY-MM-DD). */
  setDay(day: string): void {
    this.current = new Date(`${day}T09:00:00+08:00`);
  }
}
