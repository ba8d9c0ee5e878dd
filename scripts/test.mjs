#!/usr/bin/env node
// npm test: every suite (unit, integration against a real PostgreSQL, end-to-end in Chromium).
// Starts its own embedded Postgres on .data/pg-test with a fresh database, applies the migrations,
// builds the app if needed, seeds the demo team, starts the app on a free port, runs vitest, and
// stops everything. Extra arguments go to vitest (e.g. `npm test -- --project unit`).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { bin, buildIfNeeded, root, run, startServer } from "./app-process.mjs";
import { startEmbeddedPostgres } from "./embedded-pg.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const log = (msg) => console.log(`[test] ${msg}`);

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `[test] The end-to-end tests need Chromium at ${CHROMIUM} and it is missing.\n` +
        `       Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n` +
        `       (or set CHROMIUM_PATH to a Chromium binary), then run npm test again.`,
    );
    process.exit(1);
  }
  log("Chromium is missing: installing Debian's chromium (apt-get install -y chromium)...");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

ensureChromium();
const pg = await startEmbeddedPostgres({ dataDir: process.env.TEST_PG_DIR ?? path.join(".data", "pg-test"), database: "claimdesk_test", preferredPort: 5433, recreate: true });
const env = {
  DATABASE_URL: pg.url,
  AUTH_SECRET: "test-secret-not-for-production-0123456789abcdef",
  CHROMIUM_PATH: CHROMIUM,
};
Object.assign(process.env, env);

let next;
let code = 1;
const resultsFile = path.join(root, ".data", `test-results-${process.pid}.json`);
try {
  await run(bin("prisma"), ["migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
  await buildIfNeeded();
  await run(bin("tsx"), ["--conditions=react-server", "seeds/seed.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  // The suite simulates many clients with X-Forwarded-For from loopback, as if behind a local proxy;
  // tests/integration/hardening.int.test.ts starts its own server without it (the default).
  next = await startServer({ port: await freePort(), env: { ...env, DB_POOL_SIZE: "20", TRUSTED_PROXIES: "loopback" } });
  log(`app under test: ${next.url} · database: ${pg.url}`);
  rmSync(resultsFile, { force: true });
  code = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)], {
    env: { ...process.env, APP_URL: next.url },
  }).then(
    () => 0,
    () => 1,
  );
} catch (e) {
  console.error(`[test] ${e.message}`);
} finally {
  next?.child.kill("SIGTERM");
  if (next) await next.exited;
  await pg.stop();
}

if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  if (skipped) {
    console.error("[test] Some tests were skipped: nothing may be skipped silently. Failing the run.");
    code = 1;
  }
  if (r.numTotalTests === 0) code = 1;
}
process.exit(code);
