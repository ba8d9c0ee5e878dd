#!/usr/bin/env node
// Lists every recorded run in bench/out/history/ with its key figures and how much CPU other
// processes took during it, to pick (and report) runs made on a quiet machine.
// Usage: node bench/history.mjs [maxOthersCores]
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = path.join(import.meta.dirname, "out", "history");
const limit = Number(process.argv[2] ?? Infinity);
const fmt = {
  import: (r) => `server ${r.server.median}/${r.server.max} ms · HTTP headers ${r.http.headersMedian ?? "-"}/${r.http.headersMax ?? "-"} · wall ${r.http.median}/${r.http.max} (median/max)`,
  "review-page": (r) =>
    `FCP ${r.navigations[0].fcp} · hydrated ${r.navigations[0].hydrated} · j p50/p95 ${r.j.keydownToFrame.p50}/${r.j.keydownToFrame.p95} · k ${r.k.keydownToFrame.p50}/${r.k.keydownToFrame.p95} ms · long tasks ${r.j.longtasks.count}+${r.k.longtasks.count}`,
  verdicts: (r) =>
    `closed p50/p95 ${r.latency.p50}/${r.latency.p95} ms ${r.throughput} req/s · paced p95 ${r.paced?.latency.p95 ?? "-"} · serial p50/p95 ${r.serial.p50}/${r.serial.p95} ms`,
};
for (const file of readdirSync(dir).sort()) {
  const { benches } = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  for (const [name, r] of Object.entries(benches)) {
    if (r.error) {
      console.log(`${file.slice(0, 19)}  ${name.padEnd(11)}  FAILED ${r.error.split("\n")[0].slice(0, 80)}`);
      continue;
    }
    const others = r.cpu?.othersCores;
    if (others !== undefined && others > limit) continue;
    let line;
    try {
      line = fmt[name](r);
    } catch {
      line = "(older format)";
    }
    console.log(`${file.slice(0, 19)}  ${name.padEnd(11)}  others ${others ?? "?"}${r.rebuiltDuring || r.invalid ? " REBUILT" : ""}  ${line}`);
  }
}
