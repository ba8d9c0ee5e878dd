// A second app server on the suite's database, for tests that need other settings than the
// suite's own server (no trusted proxies, a short PDF deadline...). The app is already built.
// It works no background jobs unless asked (JOBS_IN_PROCESS: "1"): the suite's server works them,
// and a second worker that a test kills would hold its running job (a team's match job, say)
// until the queue's expiry, minutes in which the other suites' waits for that team time out.
// tests/integration/jobs.int.test.ts covers a killed worker's job with a short expiry.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/** output(): what the server printed on stdout so far; exited: how the process ended. */
export type AppServer = {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startAppServer(env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve("scripts/server.mjs"), "--port", String(port)], {
    env: { ...process.env, PORT: String(port), JOBS_IN_PROCESS: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, exited, stop };
}
