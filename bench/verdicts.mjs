// Recording a verdict: PUT /api/claims/:id/verdict. Target: p95 < 50 ms with 20 concurrent
// clients on loopback. Each client has its own signed-in session and records verdicts on its own
// claims of one imported 2,000-claim document (no two requests touch the same claim: no 409s).
// Phases:
//  1. serial: one client, one request at a time (the latency floor);
//  2. closed loop: 20 clients, each sends its next request as soon as the previous one answered
//     (zero think time: the heaviest reading of "20 concurrent clients"), 50 each, bounded in time;
//  3. paced: 20 clients, each one verdict per second (20 req/s in all), 15 s;
//  4. floor of the stack: an authenticated PUT that stops at the claim-id check (404 before any
//     claim query): routing + session cookie + the session/membership lookup only; serial and 20 closed-loop;
//  5. in-process: recordVerdict() called directly (bench/verdict-server.ts), no HTTP/Next/auth;
//  6. scaling (issue 13): phases 2 and 4 again against a second server with WEB_CONCURRENCY=2
//     (two worker processes sharing the port), the same sessions (they work on any instance);
//  8. before decision 0031 (direct routes), in the same run: phases 2 and 4 against a server with
//     DIRECT_ROUTES=0, where Next's route handler answers the verdict route;
//  7. the raw limit: pgbench's verdict transaction (UPDATE claim + INSERT verdict) on the same
//     Postgres, 20 clients, zero think time (bench/lib/raw-verdicts.mjs; a Node closed loop,
//     labelled so, when pgbench is not installed). Ratios: the API's req/s over pgbench's txn/s.
import pg from "pg";
import { client, EDITOR, REVIEWER, signIn } from "./lib/client.mjs";
import { cpuMeter } from "./lib/proc-cpu.mjs";
import { rawVerdicts } from "./lib/raw-verdicts.mjs";
import { round, summary } from "./lib/stats.mjs";
import { articleText } from "./lib/text.mjs";
import { runTsx } from "./lib/tsx.mjs";

const CLIENTS = 20;
const PER_CLIENT = 50;
const TIME_LIMIT_MS = 60_000;
const SERIAL = 100;
const WARMUP = 20;
const PACED_SECONDS = 15;
const FLOOR_PER_CLIENT = 25;
const TARGET_P95 = 50;
const TARGET_RATIO = 0.25;
const TARGET_FLOOR_P50 = 3;
const RAW_SECONDS = 10;

/** A third each of OPINION, SOURCED (one source with title and quote) and DISPUTED (a rationale). */
function verdictBody(i, version) {
  switch (i % 3) {
    case 0:
      return { label: "OPINION", expectedVersion: version };
    case 1:
      return {
        label: "SOURCED",
        rationale: "Matches the agency's published table.",
        sources: [{ url: `https://stats.example.org/tables/${i}`, title: "Monthly statistics", quote: "The figure rose by 3.5 percent in the month." }],
        expectedVersion: version,
      };
    default:
      return { label: "DISPUTED", rationale: "The ministry's own release gives a different figure for the same month.", expectedVersion: version };
  }
}

async function record(api, claim, i) {
  try {
    const res = await api.request("PUT", `/api/claims/${claim.id}/verdict`, verdictBody(i, claim.version));
    return { status: res.status, ms: res.ms, label: verdictBody(i, 1).label };
  } catch (e) {
    return { status: `network:${e.cause?.code ?? e.message}`, ms: NaN };
  }
}

const statuses = (results) => results.reduce((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {});
const okMs = (results, status = 200) => results.filter((r) => r.status === status).map((r) => r.ms);

/** Each client runs its list in order; resolves with every result and the elapsed ms. */
async function closedLoop(sessions, lists, fn) {
  const results = [];
  const t0 = performance.now();
  const deadline = t0 + TIME_LIMIT_MS;
  await Promise.all(
    sessions.map(async (api, c) => {
      for (const [i, item] of lists[c].entries()) {
        if (performance.now() > deadline) break;
        results.push(await fn(api, item, c * 1000 + i));
      }
    }),
  );
  return { results, elapsed: performance.now() - t0 };
}

/** Imports a 2,000-sentence document; resolves it with its open, unreviewed claims. */
async function importDoc(editor, seed) {
  const imported = await editor.request("POST", "/api/documents", { title: `Bench verdicts ${seed}`, text: articleText({ seed, sentences: 2_000 }) });
  if (imported.status !== 201) throw new Error(`import: HTTP ${imported.status}`);
  const doc = imported.json.document;
  return { doc, claims: doc.claims.filter((c) => !c.dismissed && c.status === "UNREVIEWED") };
}

export async function run(ctx) {
  const editor = await signIn(ctx.url, EDITOR);
  const { doc, claims } = await importDoc(editor, 400);
  const needed = WARMUP + SERIAL + CLIENTS * PER_CLIENT + CLIENTS * PACED_SECONDS;
  if (claims.length < needed) throw new Error(`only ${claims.length} claims, ${needed} needed`);
  let next = 0;
  const take = (n) => claims.slice(next, (next += n));

  // 20 sessions, alternating the two demo users.
  const sessions = [];
  for (let c = 0; c < CLIENTS; c++) sessions.push(await signIn(ctx.url, c % 2 ? REVIEWER : EDITOR));

  // Warm-up (route chunk load, JIT, pool connections): not reported.
  await Promise.all(take(WARMUP).map((claim, i) => record(sessions[i % CLIENTS], claim, i)));
  const noop = async (api) => {
    const res = await api.request("PUT", "/api/claims/0/verdict", verdictBody(0, 1));
    return { status: res.status, ms: res.ms, route: res.route };
  };
  for (let i = 0; i < 10; i++) await noop(sessions[0]);

  // 1. serial
  const serial = [];
  for (const [i, claim] of take(SERIAL).entries()) serial.push(await record(sessions[0], claim, i));

  // 2. closed loop, 20 clients
  ctx.profile?.start();
  const closedCpu = cpuMeter(ctx.serverPid);
  const closed = await closedLoop(sessions, sessions.map(() => take(PER_CLIENT)), record);
  const serverCpu = closedCpu.stop(closed.results.length);
  await ctx.profile?.stop();
  const s = summary(okMs(closed.results));
  ctx.log(`  closed loop: ${closed.results.length} requests in ${Math.round(closed.elapsed)} ms, p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} max ${s.max} ms`);

  // 3. paced: each client one request per second, staggered by 50 ms
  const paced = [];
  const pacedStart = performance.now();
  await Promise.all(
    sessions.map(async (api, c) => {
      const mine = take(PACED_SECONDS);
      for (let i = 0; i < PACED_SECONDS; i++) {
        const due = pacedStart + c * (1000 / CLIENTS) + i * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        paced.push(await record(api, mine[i], c * 1000 + i));
      }
    }),
  );
  const pacedElapsed = performance.now() - pacedStart;
  const p = summary(okMs(paced));
  ctx.log(`  paced ${CLIENTS} req/s: p50 ${p.p50} p95 ${p.p95} max ${p.max} ms`);

  // 4. floor: authenticated request that does no claim work (404 at the id check)
  const floorSerial = [];
  for (let i = 0; i < SERIAL; i++) floorSerial.push(await noop(sessions[0]));
  const floorCpuMeter = cpuMeter(ctx.serverPid);
  const floorClosed = await closedLoop(sessions, sessions.map(() => Array.from({ length: FLOOR_PER_CLIENT })), (api) => noop(api));
  const floorCpu = floorCpuMeter.stop(floorClosed.results.length);
  const floorStatuses = statuses([...floorSerial, ...floorClosed.results]);
  // and without a session: 401 from the session check (no membership query)
  const anonSerial = [];
  for (let i = 0; i < SERIAL; i++) {
    const t = performance.now();
    const res = await fetch(`${ctx.url}/api/claims/0/verdict`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(verdictBody(0, 1)) });
    await res.text();
    anonSerial.push({ status: res.status, ms: performance.now() - t });
  }

  // Sanity: every 200 is a verdict in the database.
  const check = await editor.request("GET", `/api/documents/${doc.id}`);
  const reviewed = check.json?.document?.progress?.reviewed ?? null;
  const all = [...serial, ...closed.results, ...paced];

  // 6. two worker processes: a second server, the same sessions, claims of another document.
  const scaling = await anotherServer(ctx, editor, sessions, noop, { WEB_CONCURRENCY: "2" }, 401);
  // 8. before decision 0031: one process, the verdict route through Next's route handler.
  const viaNext = await anotherServer(ctx, editor, sessions, noop, { DIRECT_ROUTES: "0" }, 403);

  // 7. the raw limit, on the claims of a third document (so the API's claims stay as they are)
  const rawDoc = await importDoc(editor, 402);
  const raw = await rawLimit(ctx, rawDoc.claims.map((c) => c.id));
  ctx.log(`  raw verdict transaction (${raw.tool}): ${round(raw.tps)} txn/s, ${raw.transactions} in ${raw.seconds} s, latency avg ${round(raw.latencyAvgMs, 2)} ms`);

  // 5. in-process recordVerdict
  const inProcess = await runTsx("bench/verdict-server.ts", [], { DATABASE_URL: ctx.databaseUrl, DB_POOL_SIZE: ctx.env.DB_POOL_SIZE });
  ctx.log(`  in-process recordVerdict: serial p50 ${round(inProcess.serial.p50)} ms, ${inProcess.perVerdictQueries} SQL round trips; 20 concurrent p95 ${round(inProcess.concurrent.p95)} ms`);

  const throughput = (closed.results.length / closed.elapsed) * 1000;
  const ratio = (x) => (raw.tps ? round(x / raw.tps, 3) : null);
  return {
    target: `p95 < ${TARGET_P95} ms with ${CLIENTS} concurrent clients; >= ${TARGET_RATIO}x the raw verdict transaction; session-only p50 < ${TARGET_FLOOR_P50} ms`,
    clients: CLIENTS,
    perClient: PER_CLIENT,
    dbPoolSize: Number(ctx.env.DB_POOL_SIZE),
    requests: closed.results.length,
    ok: okMs(closed.results).length,
    statuses: statuses(all),
    elapsedMs: round(closed.elapsed),
    throughput: round(throughput),
    latency: s,
    serverCpu,
    byLabel: Object.fromEntries(["OPINION", "SOURCED", "DISPUTED"].map((l) => [l, summary(closed.results.filter((r) => r.status === 200 && r.label === l).map((r) => r.ms))])),
    serial: summary(okMs(serial)),
    paced: { ratePerS: CLIENTS, requests: paced.length, seconds: round(pacedElapsed / 1000), latency: p },
    floor: {
      what: "PUT /api/claims/0/verdict: session cookie + session/membership lookup, then 404 before any claim query",
      statuses: floorStatuses,
      answeredBy: [...new Set(floorSerial.map((r) => r.route))],
      serial: summary(okMs(floorSerial, 404)),
      closed: summary(okMs(floorClosed.results, 404)),
      closedThroughput: round((floorClosed.results.length / floorClosed.elapsed) * 1000),
      serverCpu: floorCpu,
      anonymous: { statuses: statuses(anonSerial), serial: summary(okMs(anonSerial, 401)) },
    },
    inProcess: { ...inProcess, concurrentThroughput: round(inProcess.concurrentThroughput), perVerdictQueryMs: round(inProcess.perVerdictQueryMs) },
    reviewedInDb: reviewed,
    expectedReviewed: WARMUP + all.filter((r) => r.status === 200).length,
    twoProcesses: scaling,
    viaNext,
    raw: { ...raw, tps: round(raw.tps), latencyAvgMs: round(raw.latencyAvgMs, 2) },
    ratio: { oneProcess: ratio(throughput), twoProcesses: ratio(scaling.throughput), viaNext: ratio(viaNext.throughput), scaling: round(scaling.throughput / throughput, 2) },
    met: s.p95 !== null && s.p95 < TARGET_P95 && okMs(closed.results).length === closed.results.length,
    ratioMet: raw.tps ? Math.max(throughput, scaling.throughput) / raw.tps >= TARGET_RATIO : null,
    floorMet: summary(okMs(floorSerial, 404)).p50 < TARGET_FLOOR_P50,
  };
}

/** Phases 2 and 4 again against another server (WEB_CONCURRENCY=2 worker processes, or DIRECT_ROUTES=0), on claims of document `seed`. */
async function anotherServer(ctx, editor, sessions, noop, env, seed) {
  const { claims } = await importDoc(editor, seed);
  const needed = 2 * WARMUP + CLIENTS * PER_CLIENT;
  if (claims.length < needed) throw new Error(`only ${claims.length} claims, ${needed} needed`);
  let next = 0;
  const take = (n) => claims.slice(next, (next += n));
  const server = await ctx.startServer(env);
  try {
    const two = sessions.map((s) => client(server.url, s.cookie));
    // Warm-up: each worker loads its route chunks and JITs on its own (round-robin spreads these).
    await Promise.all(take(2 * WARMUP).map((claim, i) => record(two[i % CLIENTS], claim, i)));
    for (let i = 0; i < 20; i++) await noop(two[i % CLIENTS]);
    const meter = cpuMeter(server.pid);
    const closed = await closedLoop(two, two.map(() => take(PER_CLIENT)), record);
    const serverCpu = meter.stop(closed.results.length);
    const s = summary(okMs(closed.results));
    const throughput = (closed.results.length / closed.elapsed) * 1000;
    ctx.log(`  ${JSON.stringify(env)}, closed loop: ${closed.results.length} requests in ${Math.round(closed.elapsed)} ms (${round(throughput)} req/s), p50 ${s.p50} p95 ${s.p95} ms`);
    const floorSerial = [];
    for (let i = 0; i < SERIAL; i++) floorSerial.push(await noop(two[0]));
    const floorClosed = await closedLoop(two, two.map(() => Array.from({ length: FLOOR_PER_CLIENT })), (api) => noop(api));
    return {
      requests: closed.results.length,
      ok: okMs(closed.results).length,
      statuses: statuses(closed.results),
      elapsedMs: round(closed.elapsed),
      throughput: round(throughput),
      latency: s,
      serverCpu,
      floor: { serial: summary(okMs(floorSerial, 404)), closed: summary(okMs(floorClosed.results, 404)), closedThroughput: round((floorClosed.results.length / floorClosed.elapsed) * 1000) },
      answeredBy: [...new Set(floorSerial.map((r) => r.route))],
    };
  } finally {
    await server.stop();
  }
}

async function rawLimit(ctx, claimIds) {
  const c = new pg.Client({ connectionString: ctx.databaseUrl });
  await c.connect();
  let who;
  try {
    ({ rows: [who] } = await c.query(`SELECT c."teamId", m."userId" FROM "Claim" c JOIN "Membership" m ON m."teamId" = c."teamId" JOIN "User" u ON u.id = m."userId" WHERE c.id = $1 AND u.email = $2`, [claimIds[0], REVIEWER]));
  } finally {
    await c.end();
  }
  return rawVerdicts({ databaseUrl: ctx.databaseUrl, claimIds, teamId: who.teamId, userId: who.userId, clients: CLIENTS, seconds: RAW_SECONDS, log: ctx.log });
}

export function rows(r) {
  const errors = Object.entries(r.statuses).filter(([k]) => k !== "200");
  return [
    ["verdicts: closed loop, 20 clients: requests (ok), req/s", `${r.requests} (${r.ok}) in ${(r.elapsedMs / 1000).toFixed(1)} s, ${r.throughput} req/s`, ""],
    ["verdicts: closed loop, 20 clients p50 / p95 / p99 / max", `${r.latency.p50} / ${r.latency.p95} / ${r.latency.p99} / ${r.latency.max} ms`, "p95 < 50 ms"],
    [`verdicts: paced, 20 clients × 1/s p50 / p95 / max`, `${r.paced.latency.p50} / ${r.paced.latency.p95} / ${r.paced.latency.max} ms`, "p95 < 50 ms"],
    ["verdicts: 1 client p50 / p95", `${r.serial.p50} / ${r.serial.p95} ms`, ""],
    ["verdicts: server CPU per request: verdict (1 process / 2 processes) / session-only floor", `${r.serverCpu?.perRequestMs ?? "?"} / ${r.twoProcesses.serverCpu?.perRequestMs ?? "?"} / ${r.floor.serverCpu?.perRequestMs ?? "?"} ms`, ""],
    ["verdicts: floor: signed-in 404 (session check only), 1 client p50 / 20 clients req/s", `${r.floor.serial.p50} ms / ${r.floor.closedThroughput} req/s`, `p50 < ${TARGET_FLOOR_P50} ms`],
    ["verdicts: floor: no session 401, 1 client p50", `${r.floor.anonymous.serial.p50} ms`, ""],
    ["verdicts: in-process recordVerdict 1 caller p50 / p95", `${r.inProcess.serial.p50} / ${r.inProcess.serial.p95} ms (${r.inProcess.perVerdictQueries} SQL round trips)`, ""],
    ["verdicts: in-process recordVerdict 20 callers p95, per s", `${r.inProcess.concurrent.p95} ms, ${r.inProcess.concurrentThroughput}/s`, ""],
    [`verdicts: raw verdict transaction, ${r.raw.clients} clients (${r.raw.tool}, ${r.raw.mode})`, `${r.raw.tps} txn/s, latency avg ${r.raw.latencyAvgMs} ms`, "the anchor"],
    ["verdicts: API closed loop, 1 process: req/s, ratio to raw", `${r.throughput} req/s, ${r.ratio.oneProcess}x`, `>= ${TARGET_RATIO}x (aim 0.5x)`],
    ["verdicts: API closed loop, 2 processes: req/s, ratio to raw, p95", `${r.twoProcesses.throughput} req/s, ${r.ratio.twoProcesses}x, p95 ${r.twoProcesses.latency.p95} ms (${r.ratio.scaling}x of 1 process)`, `>= ${TARGET_RATIO}x, p95 < 50 ms`],
    ["verdicts: floor, 2 processes: 1 client p50 / 20 clients req/s", `${r.twoProcesses.floor.serial.p50} ms / ${r.twoProcesses.floor.closedThroughput} req/s`, `p50 < ${TARGET_FLOOR_P50} ms`],
    ["verdicts: through Next's route handler (DIRECT_ROUTES=0), 1 process: req/s, ratio, p95", `${r.viaNext.throughput} req/s, ${r.ratio.viaNext}x, p95 ${r.viaNext.latency.p95} ms; CPU ${r.viaNext.serverCpu?.perRequestMs ?? "?"} ms a verdict`, "before 0031"],
    ["verdicts: floor through Next: 1 client p50 / 20 clients req/s", `${r.viaNext.floor.serial.p50} ms / ${r.viaNext.floor.closedThroughput} req/s`, "before 0031"],
    ["verdicts: non-200 responses / verdicts in DB", `${errors.length ? errors.map(([k, v]) => `${k}×${v}`).join(", ") : "none"} / ${r.reviewedInDb} of ${r.expectedReviewed}`, "none"],
  ];
}
