import "server-only";
import type PgBoss from "pg-boss";
import { completeAssist } from "./assist";
import { indexFragments, STALE_PENDING_MS } from "./claim-fragments";
import { db } from "./db";
import { documentKey, durable, enqueue, teamKey, type JobData } from "./jobs";
import { maintainMatches, markDocumentForMatching } from "./matches";
import { lockPool } from "./pg-pool";
import { runTrainingJob, type TrainingJob } from "./team-models";

// Every job handler, registered in one place (docs/decisions/0026-job-queue.md), and the sweeps that
// turn work found in the database into jobs. A handler that throws fails its job; pg-boss retries it
// with the queue's backoff (lib/server/jobs.ts QUEUES) and, past the limit, leaves it failed for
// admins to see (GET /api/jobs). Every handler may run twice or be cut off anywhere: each is idempotent
// and keeps its progress in the database as it goes.

type DocumentJob = JobData & { documentId: number };

/** How often a worker process looks for teams with stale matches (a cheap index skip scan). */
const SWEEP_MS = Number(process.env.MATCH_SWEEP_MS ?? 1_000);
/** How often a worker process looks for documents whose job was lost (sweepDocumentWork). */
const WORK_SWEEP_MS = Number(process.env.WORK_SWEEP_MS ?? 30_000);

const timers: NodeJS.Timeout[] = [];

export async function registerHandlers(boss: PgBoss) {
  const poll = { pollingIntervalSeconds: Number(process.env.JOBS_POLL_SECONDS ?? 1) };

  // JOBS_CONCURRENCY workers per queue and process (pg-boss runs one job at a time per worker): a big
  // document's job or a busy team's match job does not hold up everyone else's. One job per key
  // (document, team) runs at a time, across processes: withJobLock.
  const workers = Math.max(1, Number(process.env.JOBS_CONCURRENCY ?? 2) || 1);

  for (let i = 0; i < workers; i++) {
    // After an import (or a sweep that found its work missing): the claims copied for search's fragment
    // index, the suggestions in chunks, then every open claim of the document marked for matching, then
    // the team's match job.
    await boss.work<DocumentJob>("document-import", poll, durable(boss, "document-import", async (job) => {
      const { teamId, documentId } = job.data;
      return withJobLock(DOCUMENT_LOCK, documentId, async () => {
        const fragments = await indexFragments(teamId, documentId);
        await completeAssist(teamId, documentId);
        const marked = await markDocumentForMatching(teamId, documentId);
        if (marked) await enqueue("match-maintenance", { teamId }, teamKey(teamId));
        return { fragments, marked };
      });
    }));

    // A team's stale matches, for MATCH_JOB_BUDGET_MS; what is left goes to the next job, behind other teams'.
    await boss.work<JobData>("match-maintenance", poll, durable(boss, "match-maintenance", async (job) => {
      const { teamId } = job.data;
      return withJobLock(TEAM_MATCH_LOCK, teamId, async () => {
        const result = await maintainMatches(teamId);
        if (result.more) await enqueue("match-maintenance", { teamId }, teamKey(teamId));
        return result;
      });
    }));
  }

  await boss.work<TrainingJob>("model-training", poll, durable(boss, "model-training", async (job) => runTrainingJob(job.data)));

  timers.push(setInterval(() => void sweepStaleMatches(), SWEEP_MS).unref());
  timers.push(setInterval(() => void sweepDocumentWork(), WORK_SWEEP_MS).unref());
  void sweepDocumentWork();
}

/** The namespaces of the jobs' two-key advisory locks (claims.ts uses 0x434c). */
const DOCUMENT_LOCK = 0x4a44; // "JD"
const TEAM_MATCH_LOCK = 0x4a4d; // "JM"

/**
 * Runs `fn` holding the session advisory lock (space, id) on a connection of its own. When another
 * job holds it (another worker or instance is on the same document or team), returns { busy: true }
 * at once: that job does the work, and what it leaves is queued again by it or found by the sweeps.
 * A process that dies closes its connection, which frees the lock.
 */
export async function withJobLock<T>(space: number, id: number, fn: () => Promise<T>): Promise<T | { busy: true }> {
  const client = await lockPool().connect();
  let broken = false;
  // The connection lost while checked out (a restarted server, a terminated backend) emits 'error' on
  // the client, which would crash the process unheard; the job itself goes on, its lock gone with it.
  const lost = (e: Error) => {
    broken = true;
    console.warn(`[jobs] lock connection lost (${space}, ${id}): ${e.message}`);
  };
  client.on("error", lost);
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::int, $2::int) AS locked", [space, id]);
    if (!rows[0]?.locked) return { busy: true };
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::int, $2::int)", [space, id]).catch(() => (broken = true));
    }
  } finally {
    client.off("error", lost);
    client.release(broken);
  }
}

export function stopHandlers() {
  for (const t of timers.splice(0)) clearInterval(t);
}

let sweeping = false;
/** A match job for every team with stale claims (the trigger on Claim writes them; decision 0027). */
export async function sweepStaleMatches() {
  if (sweeping) return;
  sweeping = true;
  try {
    // A skip scan over ("teamId", id): one index probe per team, whatever the backlog.
    const teams = await db.$queryRaw<{ teamId: number }[]>`
      WITH RECURSIVE t AS (
        (SELECT "teamId" FROM "ClaimMatchDirty" ORDER BY "teamId" LIMIT 1)
        UNION ALL
        SELECT (SELECT d."teamId" FROM "ClaimMatchDirty" d WHERE d."teamId" > t."teamId" ORDER BY d."teamId" LIMIT 1)
        FROM t WHERE t."teamId" IS NOT NULL
      )
      SELECT "teamId" FROM t WHERE "teamId" IS NOT NULL`;
    for (const { teamId } of teams) await enqueue("match-maintenance", { teamId }, teamKey(teamId));
  } catch (e) {
    console.error(`[jobs] stale-match sweep failed: ${(e as Error).message}`);
  } finally {
    sweeping = false;
  }
}

/**
 * At start and every WORK_SWEEP_MS: a document job for every document whose work is missing, so no
 * read has to reschedule it. Claims without suggestions (a job never queued, a model switch, a
 * migration that cleared them; a partial index keeps this a probe), and a document whose copy for
 * search is pending for longer than an import's job takes (its job lost). The queue drops those waiting.
 */
export async function sweepDocumentWork() {
  try {
    const docs = await db.$queryRaw<{ teamId: number; documentId: number }[]>`
      SELECT DISTINCT "teamId", "documentId" FROM "Claim" WHERE checkworthiness IS NULL
      UNION
      SELECT "teamId", "documentId" FROM "ClaimFragmentsPending" WHERE since < now() - ${`${STALE_PENDING_MS} milliseconds`}::interval`;
    for (const d of docs) await enqueue("document-import", d, documentKey(d.documentId));
    return docs.length;
  } catch (e) {
    console.error(`[jobs] document-work sweep failed: ${(e as Error).message}`);
    return 0;
  }
}
