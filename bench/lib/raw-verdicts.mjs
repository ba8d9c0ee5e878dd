// The raw limit for bench/verdicts.mjs: the verdict transaction (UPDATE the claim's version and
// status, INSERT the verdict) straight on Postgres, 20 clients, zero think time, nothing else.
// With pgbench (Debian/Ubuntu: `apt-get install postgresql-client`) when it is on PATH; without
// it, an equivalent closed loop of 20 node-postgres clients, labelled as such in the results.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// The same statements as the app's verdict write makes to the two tables (lib/server/claims.ts),
// minus the checks and the audit row: the UPDATE with its optimistic version, the INSERT with the
// version it produced (the current-verdict trigger on "Verdict" fires as in the app).
const UPDATE = `UPDATE "Claim" SET status = 'OPINION', version = version + 1, "reviewerId" = $2, "judgedAt" = now(), "updatedAt" = now(), signoff = 'PROPOSED' WHERE id = $1 RETURNING version`;
const INSERT = `INSERT INTO "Verdict" ("teamId", "claimId", label, rationale, "reviewerId", version, "createdAt") VALUES ($1, $2, 'OPINION', 'raw', $3, $4, now())`;

const PGBENCH_SCRIPT = `\\set cid random(:lo, :hi)
BEGIN;
UPDATE "Claim" SET status = 'OPINION', version = version + 1, "reviewerId" = :uid, "judgedAt" = now(), "updatedAt" = now(), signoff = 'PROPOSED' WHERE id = :cid RETURNING version AS v \\gset
INSERT INTO "Verdict" ("teamId", "claimId", label, rationale, "reviewerId", version, "createdAt") VALUES (:tid, :cid, 'OPINION', 'raw', :uid, :v, now());
END;
`;

export function findPgbench() {
  const found = spawnSync("sh", ["-c", "command -v pgbench"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** Runs pgbench, or the Node fallback; resolves { tool, clients, seconds, tps, latencyMs, ... }. */
export async function rawVerdicts({ databaseUrl, claimIds, teamId, userId, clients = 20, seconds = 10, log = console.log }) {
  const lo = Math.min(...claimIds);
  const hi = Math.max(...claimIds);
  const pgbench = findPgbench();
  if (pgbench) return runPgbench({ pgbench, databaseUrl, lo, hi, teamId, userId, clients, seconds });
  log("  pgbench is not on PATH (Debian/Ubuntu: `apt-get install postgresql-client`): measuring the raw limit with a Node closed loop instead");
  return nodeLoop({ databaseUrl, claimIds, teamId, userId, clients, seconds });
}

function runPgbench({ pgbench, databaseUrl, lo, hi, teamId, userId, clients, seconds }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "claimdesk-pgbench-"));
  const script = path.join(dir, "verdict.sql");
  writeFileSync(script, PGBENCH_SCRIPT);
  const threads = Math.min(clients, os.availableParallelism());
  const args = ["-n", "-M", "prepared", "-c", String(clients), "-j", String(threads), "-T", String(seconds), "-r", "-f", script];
  for (const [k, v] of Object.entries({ lo, hi, tid: teamId, uid: userId })) args.push("-D", `${k}=${v}`);
  args.push(databaseUrl);
  return new Promise((resolve, reject) => {
    const child = spawn(pgbench, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`pgbench failed (exit ${code}): ${out.slice(-500)}`));
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
      const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
      const txns = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
      const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
      resolve({ tool: "pgbench", version: spawnSync(pgbench, ["--version"], { encoding: "utf8" }).stdout.trim(), mode: "prepared", clients, threads, seconds, transactions: txns, failed, tps, latencyAvgMs: latency });
    });
  });
}

async function nodeLoop({ databaseUrl, claimIds, teamId, userId, clients, seconds }) {
  const conns = await Promise.all(Array.from({ length: clients }, async () => {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: "claimdesk-bench-raw" });
    await c.connect();
    return c;
  }));
  let done = 0;
  const lat = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  try {
    await Promise.all(conns.map(async (c) => {
      while (performance.now() < deadline) {
        const cid = claimIds[Math.floor(Math.random() * claimIds.length)];
        const s = performance.now();
        await c.query("BEGIN");
        const { rows } = await c.query({ name: "raw-update", text: UPDATE, values: [cid, userId] });
        await c.query({ name: "raw-insert", text: INSERT, values: [teamId, cid, userId, rows[0].version] });
        await c.query("COMMIT");
        lat.push(performance.now() - s);
        done++;
      }
    }));
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
  const elapsed = (performance.now() - t0) / 1000;
  return { tool: "node-postgres closed loop (pgbench not found)", mode: "prepared", clients, seconds: Math.round(elapsed * 10) / 10, transactions: done, failed: 0, tps: done / elapsed, latencyAvgMs: lat.reduce((a, b) => a + b, 0) / lat.length };
}
