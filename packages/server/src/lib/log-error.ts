import { maskIdNumbersIn } from '@baoxue/shared';

/**
 * An error as the server log keeps it: its stack (or text) with every identity number in it
 * masked. A database error carries its statement and parameters beside the message, and
 * for a bulk write those are thousands of children's numbers; the log shows neither.
 */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return maskIdNumbersIn(text);
}

/** Writes a failure of work on children's data to the server log, numbers masked. */
export function logError(context: string, error: unknown): void {
  console.error(`${context}: ${describeError(error)}`);
}

/**
 * A request as the server log keeps it (`BAOXUE_LOG=1`): its address with every identity
 * number in it masked, for a search for a whole number travels in the query.
 */
export function describeRequest(req: { method: string; url: string; ip: string }): {
  method: string;
  url: string;
  remoteAddress: string;
} {
  return { method: req.method, url: maskIdNumbersIn(req.url), remoteAddress: req.ip };
}
