// Known-claim matching (issue 6): "under 50 ms per claim against 1,000,000 stored claims".
//
// Seed (bench/matching-server.ts seed; straight SQL, one statement per 2,000-claim document, the GIN
// indexes rebuilt after the bulk load): a team "Bench matching" of 1,000,000 claims in 500 documents,
// text from bench/search.mjs's generator (a bigram chain over the seed articles with Zipf-weighted
// names), `bands` from the app's own lshBands(). 80% judged (45% SOURCED, 20% DISPUTED, 15% OPINION)
// with a current Verdict each, 2% dismissed (judged or not), and ~0.5% planted near-duplicates: a
// judged light edit (a word changed, added or dropped, a typo, punctuation) of an earlier judged
// claim, with trigram similarity 0.55–1.0 to it.
//
// Measured, in-process through tsx with the app's Prisma client (no HTTP, no Next):
// - latency: claimMatches() on 600 new UNREVIEWED claims of the team, one at a time after 50
//   warm-up calls: 200 near-duplicates of stored judged claims (50 in each similarity band 0.6–0.7,
//   0.7–0.8, 0.8–0.9, 0.9–1.0), 200 fresh sentences, 100 short (5–8 words) and 100 long (30+ words),
//   half fresh and half near-duplicates. Repeated (up to BENCH_MATCHING_TRIES, 3) while other
//   processes use more than 0.25 cores; the least disturbed run is reported.
// - issue 13: matches are stored (decision 0027). In prepare, the match job's own functions
//   (markDocumentForMatching + maintainMatches, as after an import) compute the stored matches of the
//   query document and of the two documents below: the time the jobs take after an import.
// - documentMatches() of two 2,000-claim documents: a new article (10% near-duplicates) and a
//   republished stored article (30% of its sentences lightly edited): now a read of the stored
//   rows (target < 100 ms a document); the first call, then repeats (median reported).
//   claimMatches() in the latency phase is a stored read too.
// - recall: what claimMatches() finds (no limit) against brute force (every judged open claim with
//   similarity >= 0.6, through the trigram index) on 200 queries, by similarity band, beside
//   1 - (1 - s^4)^32, per pair and per distinct (query, text) pair (copies of a text share its keys);
//   and the LSH keys alone on 16,000 generated pairs.
//
// Run: `node bench/matching.mjs` (its own Postgres in .data/pg-bench-matching; no app build needed),
// or `npm run bench -- matching` (run.mjs's database). BENCH_MATCHING_TEAM=<id> measures again on a
// team seeded earlier in the same database (standalone: the database is kept); BENCH_MATCHING_CLAIMS
// changes the size. Writes bench/out/matching.json.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { root } from "../scripts/app-process.mjs";
import { startCpuMeter, waitForQuiet } from "./lib/cpu.mjs";
import { round } from "./lib/stats.mjs";
import { runTsx } from "./lib/tsx.mjs";

const CLAIMS = Number(process.env.BENCH_MATCHING_CLAIMS ?? 1_000_000);
const TRIES = Number(process.env.BENCH_MATCHING_TRIES ?? 3);
const DISTURBED_CORES = 0.25;
const TARGET_MS = 50;
const DOCUMENT_READ_MS = 100; // issue 13: opening a 2,000-claim document reads its stored matches
const SERVER = "bench/matching-server.ts";

/** One phase of matching-server.ts, with the CPU the machine, we and others used meanwhile. */
async function phase(ctx, name, args, { quiet = false } = {}) {
  let before = null;
  if (quiet) {
    before = await waitForQuiet({ maxWaitS: Number(process.env.BENCH_QUIET_WAIT_S ?? 45) });
    if (!before.quiet) ctx.log(`  the machine is still busy (${before.busyCores} cores) after ${before.waitedS} s: running anyway`);
  }
  const meter = startCpuMeter();
  const t0 = performance.now();
  const r = await runTsx(SERVER, [name, ...args], { DATABASE_URL: ctx.databaseUrl, DB_POOL_SIZE: "4" });
  const cpu = meter.stop();
  return { ...r, phaseS: round((performance.now() - t0) / 1000), cpu: { ...cpu, busyBeforeCores: before?.busyCores ?? null } };
}

const cpuText = (c) => `others ${c.othersCores} of ${c.cores} cores (machine ${c.machineBusyCores}, load ${c.loadavg1})`;

export async function run(ctx) {
  const out = path.join(root, "bench", "out");
  mkdirSync(out, { recursive: true });
  const reused = process.env.BENCH_MATCHING_TEAM;
  let seeded;
  if (reused) seeded = await existingTeam(ctx.databaseUrl, Number(reused));
  else {
    ctx.log(`  seeding ${CLAIMS} claims with LSH keys...`);
    seeded = await phase(ctx, "seed", [CLAIMS]);
    ctx.log(`  seeded team ${seeded.teamId}: ${seeded.claims} claims, ${seeded.judgedOpen} judged and open, ${seeded.planted} planted near-duplicates, in ${seeded.seconds} s (${cpuText(seeded.cpu)})`);
  }
  const file = path.join(out, "matching-queries.json");
  const prepared = await phase(ctx, "prepare", [seeded.teamId, file]);
  ctx.log(`  ${prepared.queries} query claims, ${prepared.recall} for recall; documents ${prepared.documents.map((d) => d.id).join(", ")}`);
  for (const j of prepared.jobs ?? []) ctx.log(`  match job after import, ${j.name}: ${j.claims} claims in ${j.ms} ms (${j.msPerClaim} ms a claim), ${j.stored} stored matches (${cpuText(prepared.cpu)})`);

  const latencyRuns = [];
  for (let i = 0; i < TRIES; i++) {
    const r = await phase(ctx, "latency", [file], { quiet: true });
    latencyRuns.push(r);
    ctx.log(`  claimMatches: p50 ${r.overall.p50} / p95 ${r.overall.p95} / p99 ${r.overall.p99} / max ${r.overall.max} ms over ${r.queries} (${cpuText(r.cpu)})`);
    if (r.cpu.othersCores <= DISTURBED_CORES) break;
    if (i + 1 < TRIES) ctx.log("  disturbed by other processes: measuring again");
  }
  const latency = [...latencyRuns].sort((a, b) => a.cpu.othersCores - b.cpu.othersCores)[0];

  const documents = await phase(ctx, "documents", [file], { quiet: true });
  for (const d of documents.documents)
    ctx.log(`  documentMatches, ${d.name}: ${d.ms} ms = ${d.msPerClaim} ms per claim; ${d.claimsWithMatches} claims with matches (${cpuText(documents.cpu)})`);

  let recall = null;
  if (process.env.BENCH_MATCHING_RECALL !== "0") {
    ctx.log("  recall against brute force (a few minutes: the brute force is the slow plan LSH replaces)...");
    recall = await phase(ctx, "recall", [file]);
    ctx.log(`  recall ${recall.overall.recall} (${recall.overall.found} of ${recall.overall.pairs} pairs); [0.6,0.7) ${recall.bands["[0.6,0.7)"].recall}, >= 0.7 ${recall.bands[">= 0.7"].recall}`);
  }

  const result = {
    machine: machine(),
    claims: seeded.claims,
    seed: seeded,
    prepared,
    latency,
    latencyRuns: latencyRuns.map((r) => ({ overall: r.overall, cpu: r.cpu })),
    documents,
    recall,
  };
  result.met = { p95: latency.overall.p95 < TARGET_MS, p99: latency.overall.p99 < TARGET_MS, max: latency.overall.max < TARGET_MS, documentPerClaim: documents.documents.every((d) => d.msPerClaim < TARGET_MS), documentRead: documents.documents.every((d) => d.ms < DOCUMENT_READ_MS) };
  writeFileSync(path.join(out, "matching.json"), JSON.stringify(result, null, 2));
  ctx.log("  results: bench/out/matching.json");
  return result;
}

function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
}

async function existingTeam(databaseUrl, teamId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = (
      await client.query(
        `SELECT count(*)::int AS claims, count(*) FILTER (WHERE status <> 'UNREVIEWED' AND "dismissedAt" IS NULL)::int AS "judgedOpen"
         FROM "Claim" WHERE "teamId" = $1`,
        [teamId],
      )
    ).rows[0];
    return { teamId, ...r, reused: true };
  } finally {
    await client.end();
  }
}

export function rows(r) {
  const n = r.claims >= 1e6 ? `${round(r.claims / 1e6, 2)}M` : String(r.claims);
  const l = r.latency;
  const s = (x) => `p50 ${x.p50} / p95 ${x.p95} / p99 ${x.p99} / max ${x.max} ms`;
  const band = (b) => `${b.recall} (${b.found}/${b.pairs}; theory ${b.theory}); distinct texts ${b.distinct.recall} (${b.distinct.found}/${b.distinct.pairs})`;
  return [
    [`matching: claimMatches, ${l.queries} claims vs ${n}`, s(l.overall), `< ${TARGET_MS} ms`],
    ...Object.entries(l.byKind).map(([k, x]) => [`matching:   ${k} (${x.matched}/${x.n} matched)`, `p50 ${x.p50} / p95 ${x.p95} / max ${x.max} / mean ${x.mean} ms; candidates p50 ${x.candidatesP50}, max ${x.candidatesMax}`, ""]),
    ["matching: the match query alone (SQL round trip)", s(l.matchSql), ""],
    ["matching: one LSH candidate (row + similarity()), queries with 200+", `p50 ${l.usPerCandidate.p50} µs / p95 ${l.usPerCandidate.p95} µs`, ""],
    ...r.documents.documents.map((d) => [`matching: documentMatches (stored read), ${d.name}`, `${d.ms} ms (runs ${d.runs.join(", ")}); ${d.claimsWithMatches} with matches`, `< ${DOCUMENT_READ_MS} ms`]),
    ...(r.prepared.jobs ?? []).map((j) => [`matching: match job after import, ${j.name}`, `${j.ms} ms for ${j.claims} claims = ${j.msPerClaim} ms/claim; ${j.stored} stored`, "background"]),
    ...(r.recall
      ? [
          [`matching: recall vs brute force, ${r.recall.queries} queries`, band(r.recall.overall), ""],
          ["matching:   similarity [0.6,0.7)", band(r.recall.bands["[0.6,0.7)"]), ""],
          ["matching:   similarity >= 0.7", band(r.recall.bands[">= 0.7"]), ""],
          ["matching: brute force instead (pg_trgm GIN, exact % q, recall phase)", `p50 ${r.recall.bruteForceMs.p50} / p95 ${r.recall.bruteForceMs.p95} / max ${r.recall.bruteForceMs.max} ms`, ""],
        ]
      : []),
    ["matching: seed", r.seed.reused ? "reused" : `${r.seed.seconds} s`, "~15 min"],
    ["matching: CPU of other processes (latency / documents)", `${l.cpu.othersCores} / ${r.documents.cpu.othersCores} of ${l.cpu.cores} cores`, "~0"],
  ];
}

// ---------------------------------------------------------------------------------------------
// Standalone: `node bench/matching.mjs`: its own Postgres in .data/pg-bench-matching, migrations,
// then run(); no app build or server (everything is measured in-process).

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const log = (msg) => console.log(`[bench] ${msg}`);
  const { bin, run: runCmd } = await import("../scripts/app-process.mjs");
  const { startEmbeddedPostgres } = await import("../scripts/embedded-pg.mjs");
  const pgServer = await startEmbeddedPostgres({
    dataDir: path.join(".data", "pg-bench-matching"),
    database: "claimdesk_bench_matching",
    preferredPort: 5437,
    recreate: !process.env.BENCH_MATCHING_TEAM,
  });
  process.env.DATABASE_URL = pgServer.url;
  let code = 0;
  try {
    await runCmd(bin("prisma"), ["migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
    log(`database: ${pgServer.url}`);
    const r = await run({ databaseUrl: pgServer.url, log });
    const table = rows(r);
    const w0 = Math.max(...table.map((x) => x[0].length));
    const w1 = Math.max(...table.map((x) => x[1].length));
    console.log(`\n${"metric".padEnd(w0)}  ${"measured".padEnd(w1)}  target`);
    for (const [a, b, c] of table) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  } catch (e) {
    code = 1;
    console.error(`[bench] matching failed: ${e.stack ?? e.message}`);
  } finally {
    await pgServer.stop();
  }
  process.exit(code);
}
