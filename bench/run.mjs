#!/usr/bin/env node
// npm run bench [-- name...]: the performance benchmarks of the issue, against the built app.
// Starts its own embedded Postgres on .data/pg-bench with a fresh database "claimdesk_bench",
// applies the migrations, builds if needed, seeds the demo team, starts the app server on a free
// loopback port, runs each benchmark (import, review-page, verdicts; or those named), prints a
// table, and writes bench/out/results.json (plus a timestamped copy in bench/out/history/).
// Before each benchmark it waits up to BENCH_QUIET_WAIT_S (30) seconds for the machine to be idle,
// and it records how much CPU other processes used during it (a shared 2-core machine).
// BENCH_PROF=1 also writes a CPU profile of the app server during the verdicts closed loop.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bin, buildIfNeeded, root, run, startServer } from "../scripts/app-process.mjs";
import { startEmbeddedPostgres } from "../scripts/embedded-pg.mjs";
import { startCpuMeter, waitForQuiet } from "./lib/cpu.mjs";
import { waitForJobs } from "./lib/jobs.mjs";

const BENCHES = ["import", "review-page", "verdicts"];
// Named only: each seeds 1,000,000 claims first (minutes), so a plain `npm run bench` leaves them out.
const ON_REQUEST = ["search", "matching"];
const log = (msg) => console.log(`[bench] ${msg}`);

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const w of wanted) if (!BENCHES.includes(w) && !ON_REQUEST.includes(w)) {
  console.error(`[bench] unknown benchmark "${w}"; choose from: ${[...BENCHES, ...ON_REQUEST].join(", ")}`);
  process.exit(2);
}
const selected = wanted.length ? wanted : BENCHES;

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** The build the server runs; another engineer's `next build` of this checkout replaces it under us. */
const buildId = () => {
  const file = path.join(root, ".next", "BUILD_ID");
  return existsSync(file) ? `${readFileSync(file, "utf8").trim()}@${statSync(file).mtimeMs}` : null;
};

const env = {
  AUTH_SECRET: "bench-secret-not-for-production-0123456789abcdef",
  DB_POOL_SIZE: "20",
  CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
};

const started = Date.now();
const pg = await startEmbeddedPostgres({ dataDir: path.join(".data", "pg-bench"), database: "claimdesk_bench", preferredPort: 5434, recreate: true });
env.DATABASE_URL = pg.url;
Object.assign(process.env, env);

let next;
let code = 0;
const results = {};
try {
  await run(bin("prisma"), ["migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
  await buildIfNeeded(); // waits for a concurrent build of this checkout
  await run(bin("tsx"), ["--conditions=react-server", "seeds/seed.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  // BENCH_PROF=1: CPU profile of the app server, written to bench/out/prof/ when it stops.
  //   A benchmark brackets the phase it wants profiled with ctx.profile.start()/stop().
  const prof = process.env.BENCH_PROF
    ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(path.join(root, "bench", "lib", "cpu-prof.mjs")).href}`, BENCH_PROF_DIR: path.join(root, "bench", "out", "prof") }
    : {};
  next = await startServer({ port: await freePort(), env: { ...env, ...prof } });
  const build = buildId();
  log(`app: ${next.url} · database: ${pg.url} · DB_POOL_SIZE ${env.DB_POOL_SIZE}`);
  const signal = () => process.env.BENCH_PROF && next.child.kill("SIGUSR2");
  // A further app server on this database (e.g. WEB_CONCURRENCY=2 for the verdicts' scaling phase).
  const startExtraServer = async (extra) => {
    const server = await startServer({ port: await freePort(), env: { ...env, ...extra } });
    return { url: server.url, pid: server.child.pid, stop: async () => (server.child.kill("SIGTERM"), await server.exited) };
  };
  const ctx = { url: next.url, serverPid: next.child.pid, databaseUrl: pg.url, env, log, startServer: startExtraServer, profile: { start: signal, stop: () => (signal(), new Promise((r) => setTimeout(r, 2000))) } };
  for (const name of selected) {
    log(`${name}...`);
    const t0 = performance.now();
    const mod = await import(`./${name}.mjs`);
    // The previous benchmark's background jobs (an import's suggestions and matches) run in our own
    // server and Postgres, unseen by the CPU meter below: wait for them first.
    const settled = await waitForJobs(pg.url, { maxWaitS: Number(process.env.BENCH_JOBS_WAIT_S ?? 300) });
    if (settled.left) log(`  ${settled.left} background job(s) still queued or running after ${settled.waitedS} s: running anyway, figures will be skewed`);
    else if (settled.waitedS > 1) log(`  waited ${settled.waitedS} s for the app's background jobs to finish`);
    // Other work on the machine (builds, test runs) skews every figure: wait for a quiet moment.
    const quiet = await waitForQuiet({ maxWaitS: Number(process.env.BENCH_QUIET_WAIT_S ?? 30) });
    if (!quiet.quiet) log(`  the machine is still busy (${quiet.busyCores} cores) after ${quiet.waitedS} s: running anyway, figures will be skewed`);
    else if (quiet.waitedS > 2.5) log(`  waited ${quiet.waitedS} s for other processes to finish`);
    const meter = startCpuMeter();
    try {
      const r = await mod.run(ctx);
      const cpu = meter.stop();
      log(`  CPU during ${name}: machine ${cpu.machineBusyCores} of ${cpu.cores} cores busy, this benchmark ${cpu.oursCores}, other processes ${cpu.othersCores}; load ${cpu.loadavg1}`);
      results[name] = { ...r, cpu: { ...cpu, busyBeforeCores: quiet.busyCores, waitedForQuietS: quiet.waitedS, waitedForJobsS: settled.waitedS, jobsLeft: settled.left }, durationS: Math.round((performance.now() - t0) / 100) / 10, at: new Date().toISOString() };
      // The running server keeps the code it has loaded, but the build used CPU and a page may
      // get chunks of the new build: flag the figures.
      if (buildId() !== build) {
        results[name].rebuiltDuring = true;
        log("  WARNING: another next build replaced .next during this benchmark: figures are suspect");
      }
    } catch (e) {
      code = 1;
      const rebuilt = buildId() !== build ? " (the app was rebuilt by another next build during it: rerun)" : "";
      console.error(`[bench] ${name} failed${rebuilt}: ${e.stack ?? e.message}`);
      results[name] = { error: e.message + rebuilt, at: new Date().toISOString() };
    }
  }
} catch (e) {
  code = 1;
  console.error(`[bench] ${e.message}`);
} finally {
  next?.child.kill("SIGTERM");
  if (next) await next.exited;
  await pg.stop();
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memGB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
  date: new Date().toISOString(),
};

// Print the table.
const table = [];
for (const name of selected) {
  const r = results[name];
  if (!r) continue;
  if (r.error) table.push([`${name}`, `FAILED: ${r.error.split("\n")[0].slice(0, 200)}`, ""]);
  else
    table.push(...(await import(`./${name}.mjs`)).rows(r), [
      `${name}: CPU cores used by other processes`,
      `${r.cpu.othersCores} of ${r.cpu.cores} (load ${r.cpu.loadavg1})${r.rebuiltDuring ? "; .next REBUILT during it" : ""}`,
      "~0",
    ]);
}
const w0 = Math.max(...table.map((r) => r[0].length), 6);
const w1 = Math.max(...table.map((r) => r[1].length), 8);
console.log(`\n${"metric".padEnd(w0)}  ${"measured".padEnd(w1)}  target`);
console.log(`${"-".repeat(w0)}  ${"-".repeat(w1)}  ------`);
for (const [a, b, c] of table) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
console.log(`\n${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, total ${Math.round((Date.now() - started) / 1000)} s`);

// Write results: merge into results.json (a single-bench run keeps the others' last figures).
const outDir = path.join(root, "bench", "out");
mkdirSync(path.join(outDir, "history"), { recursive: true });
const file = path.join(outDir, "results.json");
const previous = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { benches: {} };
const merged = { machine, benches: { ...previous.benches, ...results } };
writeFileSync(file, JSON.stringify(merged, null, 2));
if (Object.keys(results).length)
  writeFileSync(path.join(outDir, "history", `${machine.date.replace(/[:.]/g, "-")}.json`), JSON.stringify({ machine, benches: results }, null, 2));
log(`results: ${path.relative(root, file)}`);
process.exit(code);
