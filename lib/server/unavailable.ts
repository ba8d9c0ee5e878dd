import "server-only";
import { Prisma } from "@prisma/client";
import { UNAVAILABLE_DIGEST } from "@/lib/domain/unavailable";

export { RETRY_AFTER_SECONDS } from "@/lib/domain/unavailable";

// When the database is down, stalled or saturated, the app answers 503 with Retry-After and says
// so, instead of a 500 that reads like a bug (docs/decisions/0017-database-faults.md).

/** Carries a digest Next keeps, so the error page can say what happened (app/error.tsx). */
export class DatabaseUnavailable extends Error {
  readonly digest = UNAVAILABLE_DIGEST;
  constructor(cause: unknown) {
    super("The database is unreachable or too busy to answer in time.", { cause });
    this.name = "DatabaseUnavailable";
  }
}

// Driver adapter error kinds (@prisma/adapter-pg) that mean "no usable connection".
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
// Prisma: can't reach / timed out / server closed the connection / pool timeout / transaction
// could not start or ran out of time / write conflict or deadlock (retry).
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);
// PostgreSQL SQLSTATEs: statement timeout or cancel, lock timeout, shutting down or starting up,
// out of connections or resources, serialization failure and deadlock (retry), connection errors.
const UNAVAILABLE_SQLSTATE = /^(57014|55P03|57P0[1-5]|53\d{3}|40001|40P01|08\d{3})$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// node-postgres's own messages for a connection that never came or went away.
const PG_MESSAGES = /Connection terminated|Query read timeout|timeout exceeded when trying to connect|Connection ended unexpectedly|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

type Loose = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };

/** Whether an error means the database could not serve the request (try again), not a bug or bad input. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  if (error instanceof DatabaseUnavailable) return true;
  const e = error as Loose;
  if (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_PRISMA_CODES.has(error.code)) return true;
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
  const adapterCause = e.meta?.driverAdapterError?.cause;
  if (adapterCause && isDatabaseUnavailable(adapterCause, depth + 1)) return true;
  return e.cause !== undefined && isDatabaseUnavailable(e.cause, depth + 1);
}

type RequestState = { unavailable: boolean };
const requestState = () =>
  (globalThis as { [k: symbol]: { getStore(): RequestState | undefined } | undefined })[Symbol.for("claimdesk.requestState")]?.getStore();

/**
 * Tells our server (scripts/server.mjs) that this request failed for want of a database, so a page
 * that ends in a 500 is sent as 503 with Retry-After instead.
 */
export function markUnavailable() {
  const state = requestState();
  if (state) state.unavailable = true;
}
