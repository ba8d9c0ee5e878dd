#!/usr/bin/env node
// Summarises a .cpuprofile: self time by function and by package (node_modules/<pkg>, app code,
// node internals), top N. Usage: node bench/lib/prof-top.mjs file.cpuprofile [N]
import { readFileSync } from "node:fs";

const [file, topN = "25"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const pkgOf = (url) => {
  if (!url) return "(native/V8)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) {
    if (m[1] === "next") {
      const chunk = /\.next\/server\/(.*)/.exec(url) ?? /next\/dist\/(compiled\/[^/]+|[^/]+)/.exec(url);
      return `next/${chunk ? chunk[1] : ""}`;
    }
    return m[1];
  }
  if (url.includes("/.next/server/chunks/")) return ".next server chunks (app + bundled deps)";
  if (url.startsWith("node:")) return "node:internals";
  return url.replace(/^file:\/\/\/work\/main\//, "");
};

const fn = new Map();
const pkg = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const name = `${cf.functionName || "(anonymous)"} ${pkgOf(cf.url)}:${cf.lineNumber + 1}`;
  fn.set(name, (fn.get(name) ?? 0) + us);
  const p = cf.url ? pkgOf(cf.url) : cf.functionName;
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(topN))
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`)
    .join("\n");
// Inclusive: share of samples with at least one frame of each area on the stack.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const AREAS = {
  "Prisma (client, wasm query compiler, adapter, pg driver)": (u) => /@prisma|\.prisma|^wasm:|node_modules\/pg(-[a-z]+)?\//.test(u),
  "Auth.js / jose (session cookie)": (u) => /next-auth|@auth|jose/.test(u),
};
const inclusive = Object.fromEntries(Object.keys(AREAS).map((k) => [k, 0]));
for (const [id, us] of self) {
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const u = byId.get(x).callFrame.url;
    for (const [k, test] of Object.entries(AREAS)) if (!seen.has(k) && u && test(u)) seen.add(k);
  }
  for (const k of seen) inclusive[k] += us;
}
const busy = total - [...self].filter(([id]) => byId.get(id).callFrame.functionName === "(idle)").reduce((a, [, v]) => a + v, 0);
console.log(`busy (not idle) ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled`);
for (const [k, v] of Object.entries(inclusive)) console.log(`inclusive ${((v / busy) * 100).toFixed(1)}% of busy  ${(v / 1000).toFixed(0)} ms  ${k}`);
console.log(`total sampled ${(total / 1000).toFixed(0)} ms\n\nby package / area:\n${show(pkg)}\n\nby function (self time):\n${show(fn)}`);
