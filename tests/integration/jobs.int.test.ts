// Background jobs on Postgres (issue 13, docs/decisions/0026-job-queue.md) and the stored matches
// they keep (docs/decisions/0027-stored-matches.md): retries with backoff, a job of a killed worker
// picked up again, matches written by jobs and read (never computed) by a document read, and each
// team's jobs visible to its own admins only. Every wait polls with a deadline (tests/helpers/jobs.ts).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as pause } from "node:timers/promises";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createBoss, durable, newRunner, QUEUES, stopBoss } from "@/lib/server/jobs";
import { sweepDocumentWork, withJobLock } from "@/lib/server/jobs-handlers";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { claimWithExact, expectError, importDoc, tag } from "../helpers/claimdesk";
import { until, waitForJobs } from "../helpers/jobs";

const root = path.resolve(import.meta.dirname, "../..");
let boss: PgBoss;
let admin: Client;
let reviewer: Client;
let otherAdmin: Client;
let teamId: number;
let otherTeamId: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The test's own PgBoss: sends, and works the test queues below. No maintenance of its own.
  boss = createBoss({ supervise: false });
  await boss.start();
  const a = await teamWith(["ADMIN", "REVIEWER"]);
  const b = await teamWith(["ADMIN"]);
  teamId = a.team.id;
  otherTeamId = b.team.id;
  [admin, reviewer, otherAdmin] = await Promise.all([signIn(a.members[0]!.email, PASSWORD), signIn(a.members[1]!.email, PASSWORD), signIn(b.members[0]!.email, PASSWORD)]);
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await boss?.stop({ graceful: false, close: true });
});

type Row = { state: string; retry_count: number; output: { message?: string; pid?: number } | null };
const jobRow = async (queue: string, id: string) =>
  (await db.$queryRawUnsafe<Row[]>(`SELECT state::text, retry_count, output FROM pgboss.job WHERE name = $1 AND id = $2::uuid`, queue, id))[0];

describe("retries", () => {
  it("retries a failing job with growing delays, then it succeeds", { timeout: 60_000 }, async () => {
    const queue = `test-flaky-${tag()}`;
    await boss.createQueue(queue, { name: queue, retryLimit: 3, retryDelay: 1, retryBackoff: true, expireInSeconds: 30 });
    const tries: number[] = [];
    await boss.work(queue, { pollingIntervalSeconds: 0.5 }, async () => {
      tries.push(Date.now());
      if (tries.length < 3) throw new Error(`flaky ${tries.length}`);
      return { ok: true };
    });
    const id = (await boss.send(queue, { teamId }))!;
    const done = await until("the flaky job completes", async () => {
      const r = await jobRow(queue, id);
      return r?.state === "completed" ? r : undefined;
    });
    expect(tries).toHaveLength(3);
    expect(done.retry_count).toBe(2);
    // Backoff: the first retry waits retryDelay·(1..2) s, the second retryDelay·(2..4) s (pg-boss: delay·2^n/2·(1+random)).
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(950);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(1950);
    await boss.offWork(queue);
  });

  it("ends failed after the retry limit, keeping the error", { timeout: 60_000 }, async () => {
    const queue = `test-failing-${tag()}`;
    await boss.createQueue(queue, { name: queue, retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: 30 });
    let tries = 0;
    await boss.work(queue, { pollingIntervalSeconds: 0.5 }, async () => {
      tries++;
      throw new Error("the source site answered 503");
    });
    const id = (await boss.send(queue, { teamId }))!;
    const failed = await until("the failing job gives up", async () => {
      const r = await jobRow(queue, id);
      return r?.state === "failed" ? r : undefined;
    });
    expect(tries).toBe(3); // the first try and 2 retries
    expect(failed.retry_count).toBe(2);
    expect(failed.output?.message).toBe("the source site answered 503");
    await boss.offWork(queue);
  });

  it("configures every app queue to retry with backoff and to expire a lost job", () => {
    for (const q of Object.values(QUEUES)) {
      expect(q.retryLimit).toBeGreaterThan(0);
      expect(q.retryBackoff).toBe(true);
      expect(q.expireInSeconds).toBeGreaterThan(0);
    }
  });
});

describe("one job per key", () => {
  it("a key whose job is running holds up only its own key, with the app's keyed queues' policy and withJobLock", { timeout: 60_000 }, async () => {
    for (const name of ["document-import", "match-maintenance"] as const) {
      const queue = `test-keyed-${tag()}`;
      await boss.createQueue(queue, { name: queue, ...QUEUES[name], retryLimit: 0 });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const ran: string[] = [];
      const lockId = Math.floor(Math.random() * 1e9);
      // Two workers, as the app runs them (JOBS_CONCURRENCY), each job under its key's lock as in jobs-handlers.ts.
      for (let i = 0; i < 2; i++) {
        await boss.work<{ teamId: number; key: string }>(queue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
          const key = job!.data.key;
          return withJobLock(0x5445, lockId + (key === "slow" ? 0 : 1), async () => {
            ran.push(key);
            if (key === "slow") await gate;
            return { key };
          });
        });
      }
      const slow = (await boss.send(queue, { teamId, key: "slow" }, { singletonKey: "slow" }))!;
      await until("the slow job runs", async () => (ran.includes("slow") ? true : undefined), 20_000);
      // The slow key's next job now waits at the head of the queue, and another key's job behind it.
      const slowNext = (await boss.send(queue, { teamId, key: "slow" }, { singletonKey: "slow" }))!;
      expect(slowNext).toBeTruthy();
      const fast = (await boss.send(queue, { teamId, key: "fast" }, { singletonKey: "fast" }))!;
      await until(`${name}: the other key's job completes while the slow one runs`, async () => ((await jobRow(queue, fast))?.state === "completed" ? true : undefined), 15_000);
      // The slow key's second job found its key busy and ended at once, without running the work twice.
      const next = await until("the slow key's second job ends", async () => {
        const r = await jobRow(queue, slowNext);
        return r?.state === "completed" ? r : undefined;
      }, 15_000);
      expect(next.output).toEqual({ busy: true });
      expect((await jobRow(queue, slow))?.state).toBe("active");
      expect(ran).toEqual(["slow", "fast"]);
      release();
      await until("the slow job completes", async () => ((await jobRow(queue, slow))?.state === "completed" ? true : undefined), 20_000);
      await boss.offWork(queue);
    }
  });

  it("withJobLock runs one holder per key, tells the others it is busy, and frees a killed holder's lock", { timeout: 30_000 }, async () => {
    const space = 0x5445;
    const id = Math.floor(Math.random() * 1e9);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    const first = withJobLock(space, id, async () => {
      entered = true;
      await gate;
      return "first";
    });
    await until("the first holder runs", async () => (entered ? true : undefined), 10_000);
    let ranSecond = false;
    expect(await withJobLock(space, id, async () => (ranSecond = true))).toEqual({ busy: true });
    expect(ranSecond).toBe(false);
    expect(await withJobLock(space, id + 1, async () => "other key")).toBe("other key");

    // The holder's connection dies (a killed instance): the lock goes with it.
    const holders = await db.$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = ${space}::int::oid AND objid = ${id}::int::oid AND granted`;
    expect(holders).toHaveLength(1);
    await db.$queryRaw`SELECT pg_terminate_backend(${holders[0]!.pid}::int)`;
    expect(await until("the key is free again", async () => {
      const r = await withJobLock(space, id, async () => "after the kill");
      return r === "after the kill" ? r : undefined;
    }, 10_000)).toBe("after the kill");
    release();
    expect(await first).toBe("first");
    expect(await withJobLock(space, id, async () => "free")).toBe("free");
  });
});

describe("stopping a worker", () => {
  /** A PgBoss of its own working a test queue with `durable` handlers, as jobs-handlers.ts does. */
  async function stoppable(handler: () => Promise<unknown>) {
    const queue = `test-stop-${tag()}`;
    const own = createBoss({ supervise: false });
    await own.start();
    await own.createQueue(queue, { name: queue, retryLimit: 2, retryDelay: 1, expireInSeconds: 120 });
    const runner = newRunner();
    const work = durable(own, queue, handler, runner);
    return { queue, own, runner, work };
  }

  it("writes the outcome of a job that ends during the stop before the connections close", { timeout: 30_000 }, async () => {
    let entered = false;
    const s = await stoppable(async () => {
      entered = true;
      await pause(700);
      return { done: true };
    });
    await s.own.work(s.queue, { pollingIntervalSeconds: 0.5 }, s.work);
    const id = (await boss.send(s.queue, { teamId }))!;
    await until("the job starts", async () => (entered ? true : undefined), 10_000);
    await stopBoss(s.own, s.runner, 10_000);
    expect(await jobRow(s.queue, id)).toMatchObject({ state: "completed", output: { done: true } });
  });

  it("fails a job handed over once the stop began, without running it, so another worker retries it", { timeout: 30_000 }, async () => {
    let ran = false;
    const s = await stoppable(async () => (ran = true));
    const id = (await boss.send(s.queue, { teamId }))!;
    const [job] = await s.own.fetch<{ teamId: number }>(s.queue); // as a worker's fetch under way when the stop begins
    expect(job!.id).toBe(id);
    const stopped = stopBoss(s.own, s.runner, 10_000);
    await s.work([job!]);
    await stopped;
    expect(ran).toBe(false);
    expect(await jobRow(s.queue, id)).toMatchObject({ state: "retry", output: { message: expect.stringMatching(/stopping when it took this job/) } });
  });

  it("fails a job still running when the stop's time is up, and returns then", { timeout: 30_000 }, async () => {
    let entered = false;
    const s = await stoppable(async () => {
      entered = true;
      await new Promise(() => {});
    });
    await s.own.work(s.queue, { pollingIntervalSeconds: 0.5 }, s.work);
    const id = (await boss.send(s.queue, { teamId }))!;
    await until("the job starts", async () => (entered ? true : undefined), 10_000);
    const started = Date.now();
    await stopBoss(s.own, s.runner, 1_500);
    expect(Date.now() - started).toBeLessThan(5_000);
    const row = await jobRow(s.queue, id);
    expect(row?.state).toBe("retry");
    expect(JSON.stringify(row?.output)).toContain("pg-boss shut down while active");
  });
});

/** Node with tsx's loader, as `tsx --conditions=react-server` runs a script, without tsx's launcher process. */
const TSX = ["--import", "tsx", "--conditions=react-server"];

/** A worker process (tests/helpers/job-worker.ts) and the lines it prints. */
function worker(queue: string, hang: boolean) {
  const child = spawn(process.execPath, [...TSX, "tests/helpers/job-worker.ts"], {
    cwd: root,
    env: { ...process.env, QUEUE: queue, HANG: hang ? "1" : "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  child.stdout!.on("data", (d: Buffer) => lines.push(...d.toString().split("\n").filter(Boolean)));
  child.stderr!.on("data", () => {}); // pg-boss's own error events after SIGKILL would only be noise
  return { child, lines, exited: new Promise<void>((resolve) => child.once("exit", () => resolve())) };
}

describe("crash recovery", () => {
  it("picks up again, after its expiry, a job whose worker process was killed with SIGKILL", { timeout: 90_000 }, async () => {
    const queue = `test-crash-${tag()}`;
    // The queue as the workers create it: a 2 s expiry, so the test waits seconds, not minutes.
    await boss.createQueue(queue, { name: queue, retryLimit: 3, retryDelay: 0, expireInSeconds: 2 });
    const first = worker(queue, true);
    await until("the first worker is ready", async () => (first.lines.some((l) => l.startsWith("ready ")) ? true : undefined), 60_000);
    const id = (await boss.send(queue, { teamId }))!;
    await until("the first worker takes the job", async () => (first.lines.includes(`started ${id}`) ? true : undefined));
    expect((await jobRow(queue, id))!.state).toBe("active");
    first.child.kill("SIGKILL");
    await first.exited;

    const second = worker(queue, false);
    const done = await until(
      "the job completes on the second worker",
      async () => {
        const r = await jobRow(queue, id);
        return r?.state === "completed" ? r : undefined;
      },
      60_000,
    );
    expect(second.lines).toContain(`started ${id}`);
    // The pid the second worker's node process printed (child.pid is tsx's launcher).
    expect(second.lines).toContain(`ready ${done.output?.pid}`);
    expect(done.retry_count).toBe(1); // failed once by its expiry, retried once
    second.child.kill("SIGTERM");
    await second.exited;
  });

  it("finds work whose job was lost: suggestions cleared by hand come back from the sweep, with no read", { timeout: 60_000 }, async () => {
    const doc = await importDoc(admin, { title: `Sweep ${tag()}`, text: `The ${tag()} bridge reopened on Tuesday, officials said. Traffic was light.` });
    await waitForJobs(teamId);
    await db.claim.updateMany({ where: { documentId: doc.id }, data: { checkworthiness: null, subjectivity: null, bands: [] } });
    expect(await sweepDocumentWork()).toBeGreaterThanOrEqual(1);
    await until("the document's job to give its claims their suggestions back", async () =>
      (await db.claim.count({ where: { documentId: doc.id, checkworthiness: null } })) === 0 ? true : undefined,
    );
    expect(await db.claim.count({ where: { documentId: doc.id, bands: { isEmpty: true } } })).toBe(0);
  });

  it("npm run worker works the queues and stops cleanly on SIGTERM", { timeout: 90_000 }, async () => {
    // What `npm run worker` runs, in one node process (tsx's launcher would stand between the signal and it).
    const child = spawn(process.execPath, [...TSX, "scripts/worker.ts"], { cwd: root, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await until("the worker starts", async () => (out.includes("[worker] working document-import, match-maintenance, model-training") ? true : undefined), 60_000);
    // Jobs waiting as it stops, which its first fetches take (or the app's workers do): none is left
    // active behind it (its outcome written, or failed and retried), so the team settles in seconds,
    // not after the queue's expiry (3 minutes).
    for (let i = 0; i < 4; i++) await boss.send("match-maintenance", { teamId });
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    await waitForJobs(teamId, 30_000);
  });
});

const SOURCE = { url: "https://example.org/ministry/briefing", title: "Briefing", quote: "The talks ended.", accessedAt: "2026-12-01" };

/** Two documents sharing one sentence, reworded (words unique to the call, so no other test's claim is like it). */
function pair(word: string) {
  const place = `${tag()} ${tag()}`;
  const shared = `The ${word} delegation walked out of the ${place} talks on Thursday after just three hours of meetings.`;
  const variant = `The ${word} delegation pulled out of the ${place} talks on Thursday after just three hours of meetings.`;
  return {
    first: { title: `First ${tag()}`, text: `${shared} The ${word} minister praised the hosts for the arrangements.` },
    second: { title: `Second ${tag()}`, text: `${variant} Nothing else in this ${word} note was ever said before, ${tag()}.` },
    shared,
    variant,
  };
}

const matchesOf = async (client: Client, docId: number) => {
  const res = await client.request("GET", `/api/documents/${docId}/matches`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as { matches: Record<string, { claimId: number; status: string; verdict: { label: string } }[]>; matching: { pending: boolean; claims: number } };
};

const storedFor = async (matchedClaimId: number) =>
  (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ClaimMatch" WHERE "matchedClaimId" = ${matchedClaimId}`)[0]!.n;

describe("stored matches", () => {
  it("appear after an import, written by the jobs; a read only reads them", { timeout: 60_000 }, async () => {
    const p = pair(`J${tag()}`);
    const first = await importDoc(admin, p.first);
    const judged = claimWithExact(first, p.shared);
    expect((await reviewer.request("PUT", `/api/claims/${judged.id}/verdict`, { label: "SOURCED", sources: [SOURCE], expectedVersion: 1 })).status).toBe(200);
    const second = await importDoc(admin, p.second);
    const twin = claimWithExact(second, p.variant);

    // Straight after the import the document is being matched, or already is: never a wrong answer.
    const early = await matchesOf(reviewer, second.id);
    if (early.matching.pending) expect(early.matches[twin.id] ?? []).toEqual([]);
    else expect(early.matches[twin.id]?.map((m) => m.claimId)).toEqual([judged.id]);

    await waitForJobs(teamId);
    const after = await matchesOf(reviewer, second.id);
    expect(after.matching).toMatchObject({ pending: false, claims: 0 });
    expect(after.matches[twin.id]).toEqual([expect.objectContaining({ claimId: judged.id, status: "SOURCED", verdict: expect.objectContaining({ label: "SOURCED" }) })]);
    const stored = await db.$queryRaw`SELECT "teamId", "matchedClaimId" FROM "ClaimMatch" WHERE "claimId" = ${twin.id}`;
    expect(stored).toEqual([{ teamId, matchedClaimId: judged.id }]);

    // The read does not compute: with the stored row gone (behind the job's back), there is no match.
    await db.$executeRaw`DELETE FROM "ClaimMatch" WHERE "claimId" = ${twin.id}`;
    expect((await matchesOf(reviewer, second.id)).matches[twin.id]).toBeUndefined();
    expect((await reviewer.request("GET", `/api/claims/${twin.id}/matches`)).json.matches).toEqual([]);
  });

  it("keep each claim's best 10 when many judged sentences are near-identical, and the job gets through them", { timeout: 90_000 }, async () => {
    const word = `N${tag()}`;
    // 30 sentences alike but for a number: every one is a match for every other.
    const sentences = (from: number) => Array.from({ length: 30 }, (_, i) => `The ${word} convoy number ${from + i} crossed the northern border at dawn on Tuesday.`).join(" ");
    const first = await importDoc(admin, { title: `Alike ${tag()}`, text: sentences(100) });
    expect(first.claims).toHaveLength(30);
    for (const c of first.claims as { id: number }[])
      expect((await reviewer.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    const second = await importDoc(admin, { title: `Alike again ${tag()}`, text: sentences(500) });
    await waitForJobs(teamId);
    const lists = await db.$queryRaw<{ claimId: number; n: number }[]>`
      SELECT c.id AS "claimId", count(cm."matchedClaimId")::int AS n FROM "Claim" c LEFT JOIN "ClaimMatch" cm ON cm."claimId" = c.id
      WHERE c."documentId" = ANY(${[first.id, second.id]}::int[]) GROUP BY c.id`;
    // Every claim has 10 stored (29 or 30 candidates each), never more: the reverse lookup cut them back.
    expect(lists).toHaveLength(60);
    expect(lists.every((l) => l.n === 10)).toBe(true);
    const read = await matchesOf(reviewer, second.id);
    expect(Object.keys(read.matches)).toHaveLength(30);
    expect(Object.values(read.matches).every((list) => list.length === 3 && list.every((m) => m.status === "OPINION"))).toBe(true);
  });

  it("follow verdicts, dismissals and restores of the matched claim (the reverse lookup)", { timeout: 90_000 }, async () => {
    const p = pair(`K${tag()}`);
    const first = await importDoc(admin, p.first);
    const target = claimWithExact(first, p.shared);
    const second = await importDoc(admin, p.second);
    const twin = claimWithExact(second, p.variant);
    await waitForJobs(teamId);
    expect((await matchesOf(reviewer, second.id)).matches[twin.id]).toBeUndefined(); // nobody judged it yet

    // Judged after both imports: the job finds the claims it is now a match for.
    expect((await reviewer.request("PUT", `/api/claims/${target.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    await waitForJobs(teamId);
    expect((await matchesOf(reviewer, second.id)).matches[twin.id]?.map((m) => [m.claimId, m.verdict.label])).toEqual([[target.id, "OPINION"]]);

    // A new verdict on it shows at once: the read joins the current verdict.
    const relabel = await reviewer.request("PUT", `/api/claims/${target.id}/verdict`, { label: "SOURCED", sources: [SOURCE], reason: "The briefing settles it.", expectedVersion: 2 });
    expect(relabel.status, JSON.stringify(relabel.json)).toBe(200);
    expect((await matchesOf(reviewer, second.id)).matches[twin.id]?.map((m) => [m.claimId, m.verdict.label])).toEqual([[target.id, "SOURCED"]]);

    // Dismissed: no longer a match, and the job removes the stored rows too.
    expect((await reviewer.request("POST", `/api/claims/${target.id}/dismiss`, { expectedVersion: 3 })).status).toBe(200);
    expect((await matchesOf(reviewer, second.id)).matches[twin.id]).toBeUndefined();
    await waitForJobs(teamId);
    expect(await storedFor(target.id)).toBe(0);

    // Restored: a match again.
    expect((await reviewer.request("POST", `/api/claims/${target.id}/restore`, { expectedVersion: 4 })).status).toBe(200);
    await waitForJobs(teamId);
    expect((await matchesOf(reviewer, second.id)).matches[twin.id]?.map((m) => m.claimId)).toEqual([target.id]);
    expect(await storedFor(target.id)).toBe(1);
  });
});

describe("stale-match marks", () => {
  it("say whether the claim was judged before or after the change (the document read waits on judged marks only)", { timeout: 60_000 }, async () => {
    const doc = await importDoc(admin, pair(`M${tag()}`).first);
    await waitForJobs(teamId);
    const [c1, c2] = doc.claims as { id: number }[];
    class Rollback {
      constructor(readonly rows: unknown) {}
    }
    // In a transaction rolled back at the end, so the job never sees these marks.
    const marks = await db
      .$transaction(async (tx) => {
        const since = (await tx.$queryRaw<{ since: bigint | null }[]>`SELECT max(id) AS since FROM "ClaimMatchDirty"`)[0]!.since;
        await tx.$executeRaw`UPDATE "Claim" SET status = 'OPINION' WHERE id = ${c1!.id}`; // becomes judged
        await tx.$executeRaw`UPDATE "Claim" SET "dismissedAt" = now() WHERE id = ${c1!.id}`; // a judged claim dismissed
        await tx.$executeRaw`UPDATE "Claim" SET "dismissedAt" = now() WHERE id = ${c2!.id}`; // an unjudged one dismissed
        const rows = await tx.$queryRaw`
          SELECT "claimId", judged FROM "ClaimMatchDirty" WHERE id > ${since ?? 0n} AND "claimId" = ANY(${[c1!.id, c2!.id]}::int[]) ORDER BY id`;
        throw new Rollback(rows);
      })
      .catch((e: unknown) => {
        if (e instanceof Rollback) return e.rows;
        throw e;
      });
    expect(marks).toEqual([
      { claimId: c1!.id, judged: true },
      { claimId: c1!.id, judged: true },
      { claimId: c2!.id, judged: false },
    ]);
  });
});

describe("GET /api/jobs", () => {
  it("shows an admin their team's jobs, with errors, and nothing of another team's", { timeout: 60_000 }, async () => {
    const doc = await importDoc(admin, { title: `Jobs ${tag()}`, text: `The ${tag()} council met on Monday. It voted on the budget.` });
    await waitForJobs(teamId);
    // A job that fails (a document id that is not a number): retried with backoff, its error kept.
    const broken = (await boss.send("document-import", { teamId, documentId: "not-a-number" }, { singletonKey: `broken-${tag()}` }))!;
    await until("the broken job fails once", async () => ((await jobRow("document-import", broken))?.state === "retry" && (await jobRow("document-import", broken))?.output ? true : undefined));

    const mine = await admin.request("GET", "/api/jobs");
    expect(mine.status).toBe(200);
    expect(Object.keys(mine.json.counts).sort()).toEqual(["completed", "failed", "queued", "running"]);
    expect(mine.json.counts.completed).toBeGreaterThan(0);
    expect(mine.json.recent.some((j: { queue: string; data: { documentId?: number } }) => j.queue === "document-import" && j.data.documentId === doc.id)).toBe(true);
    const failure = mine.json.failures.find((j: { id: string }) => j.id === broken);
    expect(failure).toMatchObject({ queue: "document-import", state: "retry", retryCount: 0 });
    expect(failure.error).toEqual(expect.any(String));
    expect(JSON.stringify(mine.json)).not.toContain(`"teamId"`);

    const theirs = await otherAdmin.request("GET", "/api/jobs");
    expect(theirs.status).toBe(200);
    const ids = [...theirs.json.recent, ...theirs.json.failures].map((j: { id: string }) => j.id);
    expect(ids).not.toContain(broken);
    expect(theirs.json.recent.filter((j: { data: { documentId?: number } }) => j.data.documentId === doc.id)).toEqual([]);
    expect(await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'teamId' = ${String(otherTeamId)}`).toEqual([{ n: 0 }]);
    expect(theirs.json.counts).toEqual({ queued: 0, running: 0, failed: 0, completed: 0 });

    expectError(await reviewer.request("GET", "/api/jobs"), 403, "FORBIDDEN");
    await boss.cancel("document-import", broken);
  });
});
