// The app's background jobs (pg-boss, decision 0026) run in the app server and in Postgres, which
// the CPU meter counts as the benchmark's own processes: an import's suggestions and match jobs
// would run on into the next benchmark unseen. waitForJobs waits until none is queued or running.
import pg from "pg";

/** Waits (up to maxWaitS) until no job of the database's pg-boss queues is created, retrying or active; returns the seconds waited and how many were left. */
export async function waitForJobs(databaseUrl, { maxWaitS = 300 } = {}) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    for (;;) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now()`,
      ).catch(() => ({ rows: [{ n: 0 }] })); // no pgboss schema yet: nothing queued
      const waitedS = Math.round((performance.now() - t0) / 100) / 10;
      if (rows[0].n === 0 || waitedS >= maxWaitS) return { waitedS, left: rows[0].n };
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await client.end();
  }
}
