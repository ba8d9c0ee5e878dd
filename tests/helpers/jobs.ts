// Waiting for background jobs (docs/decisions/0026-job-queue.md) by polling with a deadline, never a
// fixed sleep: a team is settled when none of its jobs waits or runs and none of its claims waits for
// the match job (ClaimMatchDirty).
import { db } from "@/lib/server/db";
import { QUEUES } from "@/lib/server/jobs";

/** The app's queues: a test's own queues (tests/integration/jobs.int.test.ts) are not the team's work. */
const APP_QUEUES = Object.keys(QUEUES);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function teamBusy(teamId: number): Promise<{ jobs: number; dirty: number }> {
  const [row] = await db.$queryRaw<{ jobs: number; dirty: number }[]>`
    SELECT (SELECT count(*)::int FROM pgboss.job WHERE name = ANY(${APP_QUEUES}) AND data->>'teamId' = ${String(teamId)} AND state IN ('created', 'retry', 'active')) AS jobs,
           (SELECT count(*)::int FROM "ClaimMatchDirty" WHERE "teamId" = ${teamId}) AS dirty`;
  return row!;
}

/** The team's jobs still waiting or running, for a failure message that says why. */
async function openJobs(teamId: number) {
  return db.$queryRaw`
    SELECT name, singleton_key, state, retry_count, output, created_on::text, start_after::text, started_on::text, now()::text AS now
    FROM pgboss.job WHERE name = ANY(${APP_QUEUES}) AND data->>'teamId' = ${String(teamId)} AND state IN ('created', 'retry', 'active') ORDER BY created_on`;
}

export async function waitForJobs(teamId: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = await teamBusy(teamId);
    if (!busy.jobs && !busy.dirty) return;
    if (Date.now() > deadline)
      throw new Error(`team ${teamId}: still ${busy.jobs} job(s) waiting or running and ${busy.dirty} claim(s) waiting for matches after ${timeoutMs} ms: ${JSON.stringify(await openJobs(teamId))}`);
    await pause(100);
  }
}

/** Polls `probe` until it returns a value other than undefined, or fails after the deadline. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await pause(everyMs);
  }
}
