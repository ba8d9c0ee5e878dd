// Wraps pg.Client#query (the driver under Prisma's pg adapter) to count SQL round trips and the
// time spent in them, in both its promise form (transactions) and its callback form (pg.Pool#query).
import pg from "pg";

export type SqlEntry = { sql: string; ms: number };
export const sqlLog: SqlEntry[] = [];

const original = pg.Client.prototype.query as (...args: any[]) => any;
pg.Client.prototype.query = function (this: pg.Client, ...args: any[]) {
  const t = performance.now();
  const sql = String(typeof args[0] === "string" ? args[0] : (args[0]?.text ?? "")).replace(/\s+/g, " ").slice(0, 60);
  const done = () => sqlLog.push({ sql, ms: performance.now() - t });
  const last = args.length - 1;
  if (typeof args[last] === "function") {
    const cb = args[last];
    args[last] = (...r: any[]) => {
      done();
      return cb(...r);
    };
    return original.apply(this, args);
  }
  const result = original.apply(this, args);
  if (result && typeof result.then === "function") return result.finally(done);
  return result;
} as any;

/** Entries logged since `from` (an index into sqlLog): count, total ms, slowest three. */
export function sqlSince(from: number) {
  const entries = sqlLog.slice(from);
  return {
    roundTrips: entries.length,
    ms: entries.reduce((a, q) => a + q.ms, 0),
    slowest: [...entries].sort((a, b) => b.ms - a.ms).slice(0, 3),
  };
}
