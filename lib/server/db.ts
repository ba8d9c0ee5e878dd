import "server-only";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { DatabaseUnavailable, isDatabaseUnavailable, markUnavailable } from "./unavailable";

// One client per server process (Next's dev server re-evaluates modules: keep it on globalThis),
// created on first use so that `next build` can load route modules without a database.
const globalForDb = globalThis as unknown as { claimdeskDb?: PrismaClient };

const ms = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/**
 * How long anything may wait on the database (docs/decisions/0017-database-faults.md). A request
 * whose database is down, stalled or saturated fails within seconds, as a 503 with Retry-After,
 * never hangs: connecting or waiting for a pooled connection, one statement (the server cancels
 * it; the client gives up a little later in case the server itself is stalled), a row lock, and an
 * interactive transaction as a whole. Work that is bigger by design (a 2 MB import) sets its own.
 */
export const DB_TIMEOUTS = {
  connectMs: ms("DB_CONNECT_TIMEOUT_MS", 3_000),
  statementMs: ms("DB_STATEMENT_TIMEOUT_MS", 5_000),
  lockMs: ms("DB_LOCK_TIMEOUT_MS", 3_000),
  transactionMs: ms("DB_TRANSACTION_TIMEOUT_MS", 10_000),
};

function client(): PrismaClient {
  if (globalForDb.claimdeskDb) return globalForDb.claimdeskDb;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it to a PostgreSQL URL.");
  const max = Number(process.env.DB_POOL_SIZE ?? 10);
  const adapter = new PrismaPg({
    connectionString,
    max,
    application_name: "claimdesk",
    connectionTimeoutMillis: DB_TIMEOUTS.connectMs,
    statement_timeout: DB_TIMEOUTS.statementMs,
    lock_timeout: DB_TIMEOUTS.lockMs,
    query_timeout: DB_TIMEOUTS.statementMs + 2_000,
    // A transaction left open by a crashed or stuck instance must not hold its locks for ever.
    idle_in_transaction_session_timeout: 15_000,
  });
  const base = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: DB_TIMEOUTS.connectMs, timeout: DB_TIMEOUTS.transactionMs },
  });
  // A query that failed for want of a database becomes DatabaseUnavailable: API routes answer 503
  // (lib/server/api.ts), pages show the "database unreachable" page with status 503 (app/error.tsx).
  const extended = base.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          if (!isDatabaseUnavailable(error)) throw error;
          markUnavailable();
          throw new DatabaseUnavailable(error);
        }
      },
    },
  });
  // The extension changes no method's types: the client is used as a plain PrismaClient.
  return (globalForDb.claimdeskDb = extended as unknown as PrismaClient);
}

export const db = new Proxy({} as PrismaClient, {
  get(_, prop) {
    const c = client();
    const value = Reflect.get(c, prop);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
