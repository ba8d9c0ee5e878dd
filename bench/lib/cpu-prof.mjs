// Preloaded into the app server by `BENCH_PROF=1 npm run bench` (NODE_OPTIONS=--import, since
// --cpu-prof is not allowed in NODE_OPTIONS). SIGUSR2 starts the V8 sampling profiler; the next
// SIGUSR2 stops it and writes BENCH_PROF_DIR/server-<pid>-<n>.cpuprofile. Open the file in Chrome
// DevTools (Performance panel) or summarise it with `node bench/lib/prof-top.mjs <file>`.
import inspector from "node:inspector";
import fs from "node:fs";
import path from "node:path";

const dir = process.env.BENCH_PROF_DIR;
const session = new inspector.Session();
session.connect();
let running = false;
let n = 0;
process.on("SIGUSR2", () => {
  if (!running) {
    running = true;
    session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 500 }, () => session.post("Profiler.start")));
    return;
  }
  running = false;
  session.post("Profiler.stop", (err, result) => {
    if (err) return console.error("[bench] profiler:", err);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `server-${process.pid}-${++n}.cpuprofile`), JSON.stringify(result.profile));
  });
});
