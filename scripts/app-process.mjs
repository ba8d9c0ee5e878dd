// Helpers shared by start.mjs and test.mjs: build when sources changed, a stored AUTH_SECRET,
// running a command to completion, and starting the app server (scripts/server.mjs).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", cwd: root, ...opts });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

function newestMtime(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** `next build` when there is no build yet or a source file is newer than it. */
export async function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "public", "package.json", "package-lock.json", "next.config.js", "tsconfig.json"]
    .map((p) => path.join(root, p))
    .filter(existsSync);
  if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  console.log("[claimdesk] building the app (next build), about a minute on 2 cores...");
  // A second checkout process (another npm test, npm start) may be building the same .next: wait for it.
  for (let attempt = 1; ; attempt++) {
    const started = new Date();
    const output = await buildOnce();
    if (output === null) {
      // Date the build by when it started: a source saved while it ran is newer, so the next run rebuilds.
      utimesSync(buildId, started, started);
      return;
    }
    if (!output.includes("Another next build process is already running") || attempt >= 20) throw new Error("next build failed");
    console.log("[claimdesk] another build of this checkout is running; waiting for it...");
    await new Promise((r) => setTimeout(r, 10_000));
    if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  }
}

/** Runs `next build`, echoing its output; resolves null on success, else the output. */
function buildOnce() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin("next"), ["build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    let output = "";
    for (const stream of [child.stdout, child.stderr])
      stream.on("data", (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code === 0 ? null : output));
  });
}

/** AUTH_SECRET from the environment, else from .data/auth-secret (made on first start; never in git). */
export function ensureAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(root, ".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

/** Starts the app (scripts/server.mjs: Next behind our front door) and resolves once it answers HTTP. */
export async function startServer({ port, env = {} }) {
  const child = spawn(process.execPath, [path.join(root, "scripts", "server.mjs"), "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production", NEXT_TELEMETRY_DISABLED: "1", AUTH_TRUST_HOST: "true", ...env },
  });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the app server exited with code ${child.exitCode}`);
    try {
      await fetch(`${url}/signin`);
      break;
    } catch {
      if (i > 300) throw new Error("the app server did not answer within 60 s");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { child, exited, url };
}
