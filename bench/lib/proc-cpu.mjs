// CPU time used by a process and its direct children (a cluster primary and its workers), from
// Linux /proc: a figure per request that the other processes of a shared machine skew far less
// than wall-clock throughput. Returns null where /proc is not there.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) }; // utime + stime
  } catch {
    return null;
  }
}

/** CPU ms of `pid` and its live direct children, now. */
export function cpuMs(pid) {
  const own = ticks(pid);
  if (!own) return null;
  let total = own.cpu;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const t = ticks(d);
    if (t?.ppid === pid) total += t.cpu;
  }
  return total * TICK_MS;
}

/** Starts a meter on `pid`; stop(n) gives the CPU ms used in between, and per each of n requests. */
export function cpuMeter(pid) {
  const start = pid ? cpuMs(pid) : null;
  return {
    stop(n) {
      const end = start === null ? null : cpuMs(pid);
      if (start === null || end === null) return null;
      return { cpuMs: end - start, perRequestMs: n ? Math.round(((end - start) / n) * 100) / 100 : null };
    },
  };
}
