import "server-only";
import { setTimeout as pause } from "node:timers/promises";
import PgBoss from "pg-boss";

// Background jobs on Postgres with pg-boss (docs/decisions/0026-job-queue.md). One PgBoss per
// process, in its own `pgboss` schema of the app's database, which pg-boss creates and migrates
// itself at start. Every process that enqueues has one; the processes that run jobs (the app by
// default, or `npm run worker` when JOBS_IN_PROCESS=0) also work the queues, whose handlers are
// registered in one place: lib/server/jobs-handlers.ts.

/**
 * The queues, their retry policy and how long a job may run before it counts as lost.
 *
 * The keyed queues are `short` (at most one job waiting per key), not `stately` (one waiting and one
 * running): pg-boss 10 fetches the oldest waiting job, and when a stately job's key is already running,
 * activating it violates the queue's unique index; the fetch then returns nothing, so that one key
 * held up every other key's jobs for as long as its job ran (timgit/pg-boss#536). One job at a time
 * per key is kept by the handlers instead: each holds the key's advisory lock (withJobLock).
 */
export const QUEUES = {
  /** A document's suggestions (chunks of 500), then its claims marked for matching. */
  "document-import": { policy: "short", retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  /** A team's stale stored matches (ClaimMatchDirty), drained in chunks for up to a minute a job. */
  "match-maintenance": { policy: "short", retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 180 },
  /** A team model retrained from its verdicts (CPU for seconds: off the request thread). */
  "model-training": { policy: "standard", retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 },
} satisfies Record<string, Omit<PgBoss.Queue, "name">>;

export type QueueName = keyof typeof QUEUES;

/** The singleton keys: one waiting job per document's import, one per team's match maintenance. */
export const documentKey = (documentId: number) => `document:${documentId}`;
export const teamKey = (teamId: number) => `team:${teamId}`;

/** Every job carries its team: an admin lists their team's jobs only (GET /api/jobs). */
export type JobData = { teamId: number } & Record<string, unknown>;

const seconds = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 1 ? v : fallback;
};

/** What a process's handlers are doing: stopBoss waits for the jobs in hand before it closes the connections. */
export type Runner = { stopping: boolean; inHand: Set<Promise<void>> };
export const newRunner = (): Runner => ({ stopping: false, inHand: new Set() });

type State = { boss?: Promise<PgBoss>; working?: Promise<void>; stopping?: Promise<void>; workerProcess?: boolean; runner?: Runner };
const globalForJobs = globalThis as unknown as { claimdeskJobs?: State };
const state: State = (globalForJobs.claimdeskJobs ??= {});
const runner: Runner = (state.runner ??= newRunner());

/** A PgBoss with Claimdesk's settings (exported for the tests' own workers). */
export function createBoss(options: PgBoss.ConstructorOptions = {}): PgBoss {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it to a PostgreSQL URL.");
  const boss = new PgBoss({
    connectionString,
    schema: "pgboss",
    application_name: "claimdesk-jobs",
    max: Number(process.env.JOBS_POOL_SIZE ?? 4),
    // Maintenance (a timed, cross-instance locked statement) fails active jobs past their expiry, which
    // retries them: how soon a killed instance's job runs again is expireInSeconds + this at most.
    maintenanceIntervalSeconds: seconds("JOBS_MAINTENANCE_SECONDS", 15),
    schedule: false,
    ...options,
  });
  // An EventEmitter 'error' with no listener would crash the process (a lost connection, a failed maintenance).
  boss.on("error", (e) => console.error(`[jobs] ${e.message}`));
  return boss;
}

/** Creates the queues that do not exist yet and brings the others' policy up to date. */
export async function ensureQueues(boss: PgBoss) {
  for (const [name, options] of Object.entries(QUEUES)) {
    await boss.createQueue(name, { name, ...options });
    await boss.updateQueue(name, { name, ...options });
  }
}

/**
 * This process's PgBoss, started on first use; a failed start is retried on the next use. A process
 * that only enqueues (a script, the seed, an app with JOBS_IN_PROCESS=0) runs no maintenance and lets
 * the process exit when its connections are idle; a worker process (startWorkers) does both.
 */
export function jobs(): Promise<PgBoss> {
  state.boss ??= (async () => {
    const worker = state.workerProcess === true;
    const boss = createBoss({ supervise: worker, ...(worker ? {} : ({ allowExitOnIdle: true } as PgBoss.ConstructorOptions)) });
    await boss.start();
    await ensureQueues(boss);
    return boss;
  })().catch((e) => {
    state.boss = undefined;
    throw e;
  });
  return state.boss;
}

/**
 * Queues a job. `key` makes it one waiting job per key on a `short` queue, so asking again while one
 * waits is a no-op (null). Never throws: the work it stands
 * for is also found by the sweeps in jobs-handlers.ts, so a database hiccup delays it, no more.
 */
export async function enqueue(name: QueueName, data: JobData, key?: string, options: PgBoss.SendOptions = {}): Promise<string | null> {
  try {
    const boss = await jobs();
    return await boss.send(name, data, { ...options, ...(key ? { singletonKey: key } : {}) });
  } catch (e) {
    console.error(`[jobs] could not queue ${name} for team ${data.teamId}: ${(e as Error).message}`);
    return null;
  }
}

/** Whether this process runs the workers: yes unless JOBS_IN_PROCESS=0 (then `npm run worker` does). */
export const jobsInProcess = () => process.env.JOBS_IN_PROCESS !== "0";

/**
 * A queue's handler as the workers run it (one job per fetch). It writes the job's outcome itself,
 * and waits for the write, before it returns: completed with the handler's result, or failed with its
 * error (which retries it). pg-boss 10 writes the outcome without waiting for it, and once its pool
 * is closed a write is dropped without a word, so a job that ended as the process stopped stayed
 * `active` until its expiry (minutes) and held up its key's next job. A job handed over once the
 * runner is stopping is failed at once, without running: another worker retries it.
 */
export function durable<T extends object>(boss: PgBoss, queue: string, handler: (job: PgBoss.Job<T>) => Promise<unknown>, on: Runner = runner): PgBoss.WorkHandler<T> {
  return async ([job]) => {
    const run = (async () => {
      if (on.stopping) return void (await boss.fail(queue, job!.id, new Error("The worker was stopping when it took this job; another worker retries it.")));
      let result: unknown;
      try {
        result = await handler(job!);
      } catch (e) {
        return void (await boss.fail(queue, job!.id, e as Error));
      }
      await boss.complete(queue, job!.id, result as object);
    })();
    on.inHand.add(run);
    try {
      await run;
    } finally {
      on.inHand.delete(run);
    }
  };
}

/**
 * Stops a PgBoss whose handlers are `durable` on `on`: no new job is fetched; the jobs in hand get
 * until `timeoutMs` to finish, and their outcome is written before the connections close; pg-boss fails
 * the ones still running then (they are retried). A fetch already under way when the stop began hands
 * its job over after that, to be failed at once: the connections stay open until no job has been in
 * hand for QUIET_MS.
 */
export async function stopBoss(boss: PgBoss, on: Runner, timeoutMs: number): Promise<void> {
  const QUIET_MS = 500;
  on.stopping = true;
  const deadline = Date.now() + timeoutMs;
  await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (on.inHand.size) {
      await Promise.race([Promise.allSettled([...on.inHand]), pause(deadline - Date.now())]);
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= QUIET_MS) break;
    else await pause(50);
  }
  await (boss.getDb() as PgBoss.Db & { close?: () => Promise<void> }).close?.();
}

/**
 * Starts this process's workers (once). SIGTERM/SIGINT stop fetching new jobs and give the running
 * ones up to JOBS_STOP_TIMEOUT_MS to finish; pg-boss then fails what is left, which retries it.
 */
export function startWorkers(): Promise<void> {
  state.workerProcess = true;
  state.working ??= (async () => {
    const boss = await jobs();
    const { registerHandlers } = await import("./jobs-handlers");
    await registerHandlers(boss);
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void stopJobs());
  })().catch((e) => {
    state.working = undefined;
    throw e;
  });
  return state.working;
}

/** Stops this process's PgBoss: graceful, as on SIGTERM. Exposed to the server's drain on globalThis. */
export function stopJobs(timeoutMs = Number(process.env.JOBS_STOP_TIMEOUT_MS ?? 20_000)): Promise<void> {
  state.stopping ??= (async () => {
    const boss = await state.boss?.catch(() => undefined);
    if (!boss) return;
    const { stopHandlers } = await import("./jobs-handlers");
    stopHandlers();
    await stopBoss(boss, runner, timeoutMs);
  })();
  return state.stopping;
}
(globalThis as Record<symbol, unknown>)[Symbol.for("claimdesk.stopJobs")] = stopJobs;

// —— What admins see (GET /api/jobs) ——

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
export type JobDto = {
  id: string;
  queue: QueueName;
  state: JobState;
  data: Record<string, unknown>;
  retryCount: number;
  retryLimit: number;
  createdOn: string;
  startedOn: string | null;
  completedOn: string | null;
  error: string | null;
};
export type JobsSummary = {
  counts: { queued: number; running: number; failed: number; completed: number };
  recent: JobDto[];
  failures: JobDto[];
};

type JobRow = {
  id: string;
  name: QueueName;
  state: JobState;
  data: Record<string, unknown>;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: unknown;
};

const errorOf = (output: unknown): string | null => {
  if (!output || typeof output !== "object") return null;
  const o = output as { message?: unknown; value?: { message?: unknown } };
  const message = o.message ?? o.value?.message;
  return typeof message === "string" ? message : null;
};

function jobDto(r: JobRow): JobDto {
  const { teamId: _team, ...data } = r.data ?? {};
  void _team;
  return {
    id: r.id,
    queue: r.name,
    state: r.state,
    data,
    retryCount: r.retry_count,
    retryLimit: r.retry_limit,
    createdOn: r.created_on.toISOString(),
    startedOn: r.started_on?.toISOString() ?? null,
    completedOn: r.completed_on?.toISOString() ?? null,
    // A failed or retried job keeps the error it failed with; a completed one, its result.
    error: r.state === "completed" ? null : errorOf(r.output),
  };
}

/**
 * The team's jobs (the job's data carries teamId; the filter is in the query): counts by state and
 * the newest 20, plus the newest 20 that failed or are waiting to be retried after an error.
 */
export async function teamJobs(teamId: number): Promise<JobsSummary> {
  const db = (await jobs()).getDb();
  const team = String(teamId);
  const [counts, recent, failures] = await Promise.all([
    db.executeSql(`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) AND data->>'teamId' = $2 GROUP BY state`, [Object.keys(QUEUES), team]),
    db.executeSql(
      `SELECT id, name, state, data, retry_count, retry_limit, created_on, started_on, completed_on, output
       FROM pgboss.job WHERE name = ANY($1) AND data->>'teamId' = $2 ORDER BY created_on DESC LIMIT 20`,
      [Object.keys(QUEUES), team],
    ),
    db.executeSql(
      `SELECT id, name, state, data, retry_count, retry_limit, created_on, started_on, completed_on, output
       FROM pgboss.job WHERE name = ANY($1) AND data->>'teamId' = $2 AND (state = 'failed' OR (state = 'retry' AND output IS NOT NULL))
       ORDER BY created_on DESC LIMIT 20`,
      [Object.keys(QUEUES), team],
    ),
  ]);
  const by = Object.fromEntries((counts.rows as { state: JobState; n: number }[]).map((r) => [r.state, r.n])) as Partial<Record<JobState, number>>;
  return {
    counts: { queued: (by.created ?? 0) + (by.retry ?? 0), running: by.active ?? 0, failed: by.failed ?? 0, completed: by.completed ?? 0 },
    recent: (recent.rows as JobRow[]).map(jobDto),
    failures: (failures.rows as JobRow[]).map(jobDto),
  };
}

/**
 * A queue's job for a key (e.g. one document's import job): one still waiting or running if there is
 * one (a newer job that found the key busy completes at once), else the newest; null if none.
 */
export async function latestJob(name: QueueName, key: string, teamId: number): Promise<Pick<JobDto, "id" | "state" | "error"> | null> {
  const db = (await jobs()).getDb();
  const { rows } = await db.executeSql(
    `SELECT id, state, output FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND data->>'teamId' = $3
     ORDER BY state IN ('created', 'retry', 'active') DESC, created_on DESC LIMIT 1`,
    [name, key, String(teamId)],
  );
  const r = rows[0] as { id: string; state: JobState; output: unknown } | undefined;
  return r ? { id: r.id, state: r.state, error: r.state === "completed" ? null : errorOf(r.output) } : null;
}
