// How busy the machine was during a benchmark, and how much of that was not us: the benchmark
// shares 2 cores with whatever else runs (other engineers' builds and test runs), which skews
// every figure. Linux /proc only. "ours" = this process and its descendants (Postgres, next
// start, tsx, chromium) alive at the end of the interval; "others" = machine busy - ours.
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

const TICK = 100; // USER_HZ: clock ticks per second on Linux

function machineTicks() {
  const [, ...f] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const v = f.map(Number); // user nice system idle iowait irq softirq steal
  const idle = v[3] + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function processes() {
  const out = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields after comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
      out.set(Number(name), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function ourTicks(procs) {
  const children = new Map();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let sum = 0;
  const stack = [process.pid];
  const seen = new Set();
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    sum += procs.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return { sum, pids: seen };
}

export function startCpuMeter() {
  const m0 = machineTicks();
  const p0 = processes();
  const t0 = performance.now();
  return {
    stop() {
      const m1 = machineTicks();
      const p1 = processes();
      const seconds = (performance.now() - t0) / 1000;
      const ours = ourTicks(p1);
      let oursDelta = 0;
      for (const pid of ours.pids) oursDelta += (p1.get(pid)?.ticks ?? 0) - (p0.get(pid)?.ticks ?? 0);
      const cores = (ticks) => Math.round((ticks / TICK / seconds) * 100) / 100;
      const busy = cores(m1.busy - m0.busy);
      const mine = cores(oursDelta);
      return { cores: os.cpus().length, machineBusyCores: busy, oursCores: mine, othersCores: Math.max(0, Math.round((busy - mine) * 100) / 100), loadavg1: Math.round(os.loadavg()[0] * 100) / 100 };
    },
  };
}

/**
 * Waits (at most maxWaitS) until the machine is nearly idle over a 2 s window, i.e. no other
 * build or test run is going on; our own server and Postgres are idle between benchmarks.
 */
export async function waitForQuiet({ maxWaitS = 30, thresholdCores = 0.3, windowMs = 2000 } = {}) {
  const t0 = performance.now();
  for (;;) {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, windowMs));
    const b = machineTicks();
    const busyCores = Math.round(((b.busy - a.busy) / TICK / (windowMs / 1000)) * 100) / 100;
    const waitedS = Math.round((performance.now() - t0) / 100) / 10;
    if (busyCores <= thresholdCores || waitedS >= maxWaitS) return { waitedS, busyCores, quiet: busyCores <= thresholdCores };
  }
}
