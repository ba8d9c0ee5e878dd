import "server-only";
import pg from "pg";

// A small pool of plain node-postgres connections beside Prisma's, for the work Prisma cannot do:
// a server-side cursor that streams a million rows in batches (lib/server/exports.ts). Kept small
// (4) on purpose: each export holds one connection for as long as its download runs, and the
// Prisma pool must stay free for the interactive requests. Created on first use, like db.ts.
const globalForPool = globalThis as unknown as { claimdeskPgPool?: pg.Pool };

export const STREAM_POOL_SIZE = 4;

export function streamPool(): pg.Pool {
  if (globalForPool.claimdeskPgPool) return globalForPool.claimdeskPgPool;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it to a PostgreSQL URL.");
  const pool = new pg.Pool({
    connectionString,
    max: STREAM_POOL_SIZE,
    // Named, so an export is recognisable in pg_stat_activity (the tests check it is released).
    application_name: "claimdesk-export",
    idleTimeoutMillis: 30_000,
    // A fifth concurrent export waits this long for a connection, then gets 429.
    connectionTimeoutMillis: 15_000,
  });
  // An idle connection dropped by the server (restart, idle timeout) emits an error on the pool;
  // without a listener that would crash the process. The next checkout simply opens a new one.
  pool.on("error", (error) => console.warn(`[pg-pool] idle connection lost: ${error.message}`));
  return (globalForPool.claimdeskPgPool = pool);
}
