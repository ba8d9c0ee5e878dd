// Runs a bench/*.ts script in-process against the bench database (tsx, react-server condition,
// as the seed does) and returns the JSON it prints on its "BENCH_JSON " line.
import { spawn } from "node:child_process";
import { bin, root } from "../../scripts/app-process.mjs";

export function runTsx(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin("tsx"), ["--conditions=react-server", script, ...args.map(String)], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
      if (code !== 0 || !line) return reject(new Error(`${script} failed (exit ${code})\n${out}`));
      resolve(JSON.parse(line.slice("BENCH_JSON ".length)));
    });
  });
}
