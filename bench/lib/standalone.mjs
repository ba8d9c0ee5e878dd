// Runs one benchmark on its own (`node bench/<name>.mjs`) with the same orchestration as run.mjs:
// its own Postgres, migrations, the production build, the demo seed, the app server on a free port,
// a wait for a quiet machine, the CPU meter, the table, and bench/out/history/<time>-<name>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { bin, buildIfNeeded, root, run as runCmd, startServer } from "../../scripts/app-process.mjs";
import { startEmbeddedPostgres } from "../../scripts/embedded-pg.mjs";
import { startCpuMeter, waitForQuiet } from "./cpu.mjs";

const log = (msg) => console.log(`[bench] ${msg}`);

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * @param {{ name: string, pg: { dataDir: string, database: string, preferredPort: number, recreate: boolean, settings?: Record<string, string> },
 *           seedDemo: boolean, run: (ctx: object) => Promise<object>, rows: (r: object) => string[][] }} bench
 */
export async function runStandalone({ name, pg, seedDemo, run, rows }) {
  const env = { AUTH_SECRET: "bench-secret-not-for-production-0123456789abcdef", DB_POOL_SIZE: "20" };
  const pgServer = await startEmbeddedPostgres(pg);
  env.DATABASE_URL = pgServer.url;
  Object.assign(process.env, env);
  let next;
  let code = 0;
  try {
    await runCmd(bin("prisma"), ["migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
    await buildIfNeeded();
    if (seedDemo) await runCmd(bin("tsx"), ["--conditions=react-server", "seeds/seed.ts"], { stdio: ["ignore", "ignore", "inherit"] });
    next = await startServer({ port: await freePort(), env });
    log(`app: ${next.url} · database: ${pgServer.url}`);
    const quiet = await waitForQuiet({ maxWaitS: Number(process.env.BENCH_QUIET_WAIT_S ?? 45) });
    if (!quiet.quiet) log(`  the machine is still busy (${quiet.busyCores} cores): figures will be skewed`);
    const meter = startCpuMeter();
    const r = await run({ url: next.url, databaseUrl: pgServer.url, env, log });
    const cpu = meter.stop();
    r.cpu = cpu;
    log(`  CPU: machine ${cpu.machineBusyCores} of ${cpu.cores} cores busy, this benchmark ${cpu.oursCores}, other processes ${cpu.othersCores}`);
    const table = rows(r);
    const w0 = Math.max(...table.map((x) => x[0].length));
    const w1 = Math.max(...table.map((x) => x[1].length));
    console.log(`\n${"metric".padEnd(w0)}  ${"measured".padEnd(w1)}  target`);
    for (const [a, b, c] of table) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
    mkdirSync(path.join(root, "bench", "out", "history"), { recursive: true });
    const file = path.join(root, "bench", "out", "history", `${new Date().toISOString().replace(/[:.]/g, "-")}-${name}.json`);
    writeFileSync(file, JSON.stringify({ benches: { [name]: r } }, null, 2));
    log(`results: ${path.relative(root, file)}`);
  } catch (e) {
    code = 1;
    console.error(`[bench] ${name} failed: ${e.stack ?? e.message}`);
  } finally {
    next?.child.kill("SIGTERM");
    if (next) await next.exited;
    await pgServer.stop();
  }
  return code;
}
