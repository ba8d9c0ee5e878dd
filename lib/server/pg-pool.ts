import "server-only";
import pg from "pg";
import { DB_TIMEOUTS } from "./db";
import { DatabaseUnavailable, isDatabaseUnavailable, markUnavailable } from "./unavailable";

// Plain node-postgres pools beside Prisma's (docs/decisions/0025-lean-hot-path.md):
// - the app pool, for the hot path that runs on every request (the session check) and on every
//   verdict: one SQL statement each where Prisma's query compiler cost more CPU than the query;
// - the stream pool, for the work Prisma cannot do: a server-side cursor that streams a million
//   rows in batches (lib/server/exports.ts). Kept small (4) on purpose: each export holds one
//   connection for as long as its download runs, and the other pools must stay free.
// Both are created on first use (like db.ts), so `next build` loads route modules without a database.
const globalForPool = globalThis as unknown as { claimdeskPgPool?: pg.Pool; claimdeskAppPool?: pg.Pool; claimdeskLockPool?: pg.Pool };

export const STREAM_POOL_SIZE = 4;

function databaseUrl() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it to a PostgreSQL URL.");
  return connectionString;
}

// An idle connection dropped by the server (restart, idle timeout) emits an error on the pool;
// without a listener that would crash the process. The next checkout simply opens a new one.
const onIdleError = (error: Error) => console.warn(`[pg-pool] idle connection lost: ${error.message}`);

export function streamPool(): pg.Pool {
  if (globalForPool.claimdeskPgPool) return globalForPool.claimdeskPgPool;
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: STREAM_POOL_SIZE,
    // Named, so an export is recognisable in pg_stat_activity (the tests check it is released).
    application_name: "claimdesk-export",
    idleTimeoutMillis: 30_000,
    // A fifth concurrent export waits this long for a connection, then gets 429.
    connectionTimeoutMillis: 15_000,
  });
  pool.on("error", onIdleError);
  return (globalForPool.claimdeskPgPool = pool);
}

/**
 * The hot path's pool: sized by DB_POOL_SIZE like Prisma's (lib/server/db.ts), with the same
 * timeouts (decision 0017), so a request waits on the database for seconds at most, never hangs.
 */
export function appPool(): pg.Pool {
  if (globalForPool.claimdeskAppPool) return globalForPool.claimdeskAppPool;
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    application_name: "claimdesk-app",
    connectionTimeoutMillis: DB_TIMEOUTS.connectMs,
    statement_timeout: DB_TIMEOUTS.statementMs,
    lock_timeout: DB_TIMEOUTS.lockMs,
    query_timeout: DB_TIMEOUTS.statementMs + 2_000,
    idle_in_transaction_session_timeout: 15_000,
    // As Prisma's pool: an idle connection is given back to the server after 10 s.
    idleTimeoutMillis: 10_000,
  });
  pool.on("error", onIdleError);
  return (globalForPool.claimdeskAppPool = pool);
}

/**
 * Connections that each hold one running job's session advisory lock (withJobLock in
 * lib/server/jobs-handlers.ts): a connection of their own, so the app pool stays for requests, and a
 * killed process's connections close and free its locks at once.
 */
export function lockPool(): pg.Pool {
  if (globalForPool.claimdeskLockPool) return globalForPool.claimdeskLockPool;
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: Number(process.env.JOBS_LOCK_POOL_SIZE ?? 8),
    application_name: "claimdesk-jobs",
    connectionTimeoutMillis: DB_TIMEOUTS.connectMs,
    statement_timeout: DB_TIMEOUTS.statementMs,
    idleTimeoutMillis: 10_000,
  });
  pool.on("error", onIdleError);
  return (globalForPool.claimdeskLockPool = pool);
}

/** A database that cannot serve the request becomes DatabaseUnavailable (503 with Retry-After), as in db.ts. */
export function unavailableOr(error: unknown): unknown {
  if (!isDatabaseUnavailable(error) || error instanceof DatabaseUnavailable) return error;
  markUnavailable();
  return new DatabaseUnavailable(error);
}

/** One statement on the app pool (a prepared statement when `name` is given: parsed once per connection). */
export async function appQuery<R extends pg.QueryResultRow>(text: string, values: unknown[], name?: string): Promise<R[]> {
  try {
    const result = await appPool().query<R>(name ? { name, text, values } : { text, values });
    return result.rows;
  } catch (error) {
    throw unavailableOr(error);
  }
}

/**
 * Runs `fn` in one transaction on one app-pool connection: COMMIT when it resolves, ROLLBACK when
 * it throws (the error is rethrown, a lost database as DatabaseUnavailable).
 */
export async function appTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await appPool().connect();
  } catch (error) {
    throw unavailableOr(error);
  }
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw unavailableOr(error);
  } finally {
    client.release(broken);
  }
}
