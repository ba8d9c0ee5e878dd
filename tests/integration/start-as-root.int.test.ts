// The embedded Postgres from a checkout in a folder only its owner may enter (a clone in /root, or in
// `mktemp -d`). As root, Postgres runs as the user "postgres", who cannot reach such a clone: its data
// and binaries must then live under /var/lib/claimdesk (decision 0015). As another user nothing moves.
// The clone is the repository's HEAD with a hard-linked copy of node_modules inside it, as a real
// clone has it (a symlink to ours would make the binaries reachable and hide the problem). It starts
// through scripts/with-db.mjs, the same startEmbeddedPostgres as npm start, npm test and the benchmarks
// (npm start itself would add a 1-2 minute `next build` of the clone).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const asRoot = process.getuid?.() === 0;
const POSTGRES_HOME = "/var/lib/claimdesk";

// Connects, makes a table the first time, adds the row given as argument, prints every row as JSON.
const SCRIPT = `
import pg from "pg";
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
await client.query("SELECT 1");
await client.query("CREATE TABLE IF NOT EXISTS start_as_root (note text NOT NULL)");
await client.query("INSERT INTO start_as_root VALUES ($1)", [process.argv[1]]);
const { rows } = await client.query("SELECT note FROM start_as_root ORDER BY note");
console.log(JSON.stringify(rows.map((r) => r.note)));
await client.end();
`;

let outer: string; // mkdtemp: mode 0700
let clone: string;
let cloneReal: string; // as the project file under /var/lib/claimdesk names it
let homeExisted: boolean;
let dataDir: string | undefined;

/** `node scripts/with-db.mjs node -e SCRIPT <note>` in the clone, with the embedded server (no DATABASE_URL). */
function withDb(note: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "PG_DATA_DIR", "PG_DATABASE", "TEST_PG_DIR", "WITH_DB_DEBUG"]) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/with-db.mjs", process.execPath, "--input-type=module", "-e", SCRIPT, note], { cwd: clone, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const postgresIds = () => {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
  return { uid: id("-u"), gid: id("-g") };
};

/** The data directory the run used: named by its "data in …" line as root, else the clone's own .data/pg. */
function dataDirOf(stderr: string): string {
  if (!asRoot) return path.join(clone, ".data", "pg");
  const line = stderr.match(/^\[postgres\] data in (\S+): /m);
  expect(line, stderr).not.toBeNull();
  return line![1]!;
}

beforeAll(() => {
  homeExisted = existsSync(POSTGRES_HOME);
  outer = mkdtempSync(path.join(os.tmpdir(), "claimdesk-0700-"));
  clone = path.join(outer, "claimdesk");
  execFileSync("git", ["clone", "--quiet", root, clone]);
  execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(clone, "node_modules")]);
  cloneReal = realpathSync(clone);
});

afterAll(async () => {
  // A server left running by a failed assertion: stop it (its pid is in the data directory).
  const pidFile = dataDir && path.join(dataDir, "postmaster.pid");
  if (pidFile && existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    try {
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
    } catch {
      // already gone
    }
  }
  if (outer) rmSync(outer, { recursive: true, force: true });
  // The clone's folder under /var/lib/claimdesk, found by the project file in it even if the run failed early.
  if (asRoot && cloneReal && existsSync(POSTGRES_HOME)) {
    for (const name of readdirSync(POSTGRES_HOME)) {
      const marker = path.join(POSTGRES_HOME, name, "project");
      if (existsSync(marker) && readFileSync(marker, "utf8").trim() === cloneReal)
        rmSync(path.join(POSTGRES_HOME, name), { recursive: true, force: true });
    }
    if (!homeExisted && readdirSync(POSTGRES_HOME).length === 0) rmSync(POSTGRES_HOME, { recursive: true });
  }
});

describe(`the embedded Postgres from a clone in a mode-0700 folder (as ${asRoot ? "root" : "a normal user"})`, () => {
  it("starts, creates a table and stores a row, then stops", { timeout: 90_000 }, async () => {
    expect(statSync(outer).mode & 0o777).toBe(0o700);
    const run = await withDb("first start");
    expect(run.stderr).not.toMatch(/EACCES|\n\s+at /);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1)!)).toEqual(["first start"]);

    dataDir = dataDirOf(run.stderr);
    expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);
    expect(existsSync(path.join(dataDir, "postmaster.pid")), "the server is stopped").toBe(false);
    if (asRoot) {
      const { uid, gid } = postgresIds();
      // The case this is about: the user postgres really cannot enter the clone's folder.
      expect(spawnSync("test", ["-x", outer], { uid, gid }).status).not.toBe(0);
      const home = path.dirname(dataDir);
      expect(path.dirname(home)).toBe(POSTGRES_HOME);
      expect(readFileSync(path.join(home, "project"), "utf8").trim()).toBe(cloneReal);
      const st = statSync(dataDir);
      expect([st.uid, st.mode & 0o777]).toEqual([uid, 0o700]);
      expect(statSync(home).uid).toBe(0);
      expect(existsSync(path.join(clone, ".data", "pg", "PG_VERSION"))).toBe(false);
    } else {
      expect(run.stderr).not.toMatch(/data in /);
    }
  });

  it("starts again on the same data: the first row is still there", { timeout: 90_000 }, async () => {
    expect(dataDir, "the first start ran").toBeDefined();
    const run = await withDb("second start");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/initdb/);
    expect(dataDirOf(run.stderr)).toBe(dataDir);
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1)!)).toEqual(["first start", "second start"]);
    expect(existsSync(path.join(dataDir!, "postmaster.pid")), "the server is stopped").toBe(false);
  });
});
