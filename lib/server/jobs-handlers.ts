import "server-only";
import type PgBoss from "pg-boss";
import { completeAssist } from "./assist";
import { db } from "./db";
import { documentKey, enqueue, teamKey, type JobData } from "./jobs";
import { maintainMatches, markDocumentForMatching } from "./matches";
import { runTrainingJob, type TrainingJob } from "./team-models";

// Every job handler, registered in one place (docs/decisions/0026-job-queue.md), and the sweeps that
// turn work found in the database into jobs. A handler that throws fails its job; pg-boss retries it
// with the queue's backoff (lib/server/jobs.ts QUEUES) and, past the limit, leaves it failed for
// admins to see (GET /api/jobs). Every handler may run twice or be cut off anywhere: each is idempotent
// and keeps its progress in the database as it goes.

type DocumentJob = JobData & { documentId: number };

/** How often a worker process looks for teams with stale matches (a cheap index skip scan). */
const SWEEP_MS = Number(process.env.MATCH_SWEEP_MS ?? 1_000);

const timers: NodeJS.Timeout[] = [];

export async function registerHandlers(boss: PgBoss) {
  const poll = { pollingIntervalSeconds: Number(process.env.JOBS_POLL_SECONDS ?? 1) };

  // After an import (or a read that found suggestions missing): the suggestions in chunks, then every
  // open claim of the document marked for matching, then the team's match job.
  await boss.work<DocumentJob>("document-import", poll, async ([job]) => {
    const { teamId, documentId } = job!.data;
    await completeAssist(teamId, documentId);
    const marked = await markDocumentForMatching(teamId, documentId);
    if (marked) await enqueue("match-maintenance", { teamId }, teamKey(teamId));
    return { marked };
  });

  // A team's stale matches, for up to a minute; what is left goes to the next job (the sweep queues it).
  await boss.work<JobData>("match-maintenance", poll, async ([job]) => {
    const { teamId } = job!.data;
    const result = await maintainMatches(teamId);
    if (result.more) await enqueue("match-maintenance", { teamId }, teamKey(teamId));
    return result;
  });

  await boss.work<TrainingJob>("model-training", poll, async ([job]) => runTrainingJob(job!.data));

  timers.push(setInterval(() => void sweepStaleMatches(), SWEEP_MS).unref());
  void sweepMissingSuggestions();
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
 * At start: a job for every document with claims still without suggestions (an import whose job was
 * never queued, a model switch, a migration that cleared them). The queue drops those already waiting.
 */
export async function sweepMissingSuggestions() {
  try {
    const docs = await db.$queryRaw<{ teamId: number; documentId: number }[]>`
      SELECT DISTINCT "teamId", "documentId" FROM "Claim" WHERE checkworthiness IS NULL`;
    for (const d of docs) await enqueue("document-import", d, documentKey(d.documentId));
  } catch (e) {
    console.error(`[jobs] missing-suggestions sweep failed: ${(e as Error).message}`);
  }
}
