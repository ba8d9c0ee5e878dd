// The CSV export written by PostgreSQL's COPY (issue 13, decision 0029) is byte for byte what the
// JavaScript formatter (lib/domain/exports/csv.ts, csvRecord) writes for the same rows, whatever a
// cell holds: formula-like text after any Unicode white space, quotes, commas, CR and LF, empty
// strings, emoji. And VerdictSources, the sources ready-made for exports, follows every Source insert.
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { csvHeader, csvRecords, formatSources } from "@/lib/domain/exports/csv";
import type { CsvExportRow } from "@/lib/domain/exports/row";
import { db } from "@/lib/server/db";
import { exportSql } from "@/lib/server/exports";
import type { Member } from "@/lib/server/session";
import { importDoc, tag } from "../helpers/claimdesk";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";

function rawGet(cookie: string, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl()}${path}`, { headers: { cookie, "accept-encoding": "identity" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

const unique = tag();
/** Cell values that each rule of csv.ts has to get right. */
const TRICKY = [
  "=1+1 starts a formula",
  "\u00a0=HYPERLINK(\"x\") after a no-break space",
  "\u3000+SUM(A1) after an ideographic space",
  "\ufeff@cmd after a byte order mark",
  "\u2028-1 after a line separator",
  " \t =2 after spaces and a tab",
  "'=already has an apostrophe",
  "''+two apostrophes",
  "'just an apostrophe, not a formula",
  "\ttab first",
  "\rCR first",
  "a lone \r CR inside",
  "\\.",
  'quotes "inside", and commas',
  "line one\nline two\r\nline three",
  "\u200b=zero-width space is not white space",
  "Kyiv 🇺🇦 and 👨‍👩‍👧",
  "-",
  "ends with a quote\"",
];

let editor: Member;
let e: Client;
let admin: Client;
let documentId: number;
let verdictWithSources: number;

beforeAll(async () => {
  const team = await teamWith(["EDITOR", "ADMIN"]);
  editor = team.members[0]!;
  [e, admin] = await Promise.all([signIn(editor.email, PASSWORD), signIn(team.members[1]!.email, PASSWORD)]);
  const doc = await importDoc(e, {
    title: `=Tricky, "title" ${unique}`,
    sourceUrl: "https://news.example.org/a?b=1,2",
    text: `The minister said "we will win" on Monday. The council met on Tuesday, officials said. Prices rose by 3.5 percent. ${unique}`,
  });
  documentId = doc.id;
  const [first, second, third] = doc.claims;
  const put = async (claimId: number, body: Record<string, unknown>) => {
    const res = await e.request("PUT", `/api/claims/${claimId}/verdict`, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.claim;
  };
  const sourced = await put(first.id, {
    label: "SOURCED",
    rationale: "-Matches, \"word\" for word,\r\nsee the transcript.",
    sources: [
      { url: "https://stats.example.org/t?year=2025&kind=final", title: '=Report, "final"', quote: "\u00a0=It rose,\nby 3%." },
      { url: "https://ministry.example.org/press/1" },
      { url: "https://x.example.org/q", title: "", quote: "" },
    ],
    expectedVersion: 1,
  });
  await put(second.id, { label: "DISPUTED", rationale: TRICKY[1], expectedVersion: 1 });
  await put(third.id, { label: "OPINION", expectedVersion: 1 });
  verdictWithSources = (await db.claim.findUniqueOrThrow({ where: { id: sourced.id }, select: { currentVerdictId: true } })).currentVerdictId!;

  // Claims with every tricky value in every text column, written straight to the table (the API
  // trims and segments; stored text may still hold anything, e.g. from a restore).
  const start = 10_000;
  for (const [i, value] of TRICKY.entries())
    await db.$executeRaw`
      INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, speaker, cue, "updatedAt")
      VALUES (${editor.teamId}::int, ${documentId}::int, ${start + 10 * i}::int, ${start + 10 * i + 5}::int, ${value}, ${value}, ${i % 2 ? "" : value}, ${value}, ${i % 3 ? null : value}, now())`;
});

/** The reference: the cursor query's rows, formatted by csv.ts. */
async function expectedCsv(filters: { document?: number }): Promise<string> {
  const sql = exportSql(editor.teamId, filters, "csv");
  const rows = await db.$queryRawUnsafe<CsvExportRow[]>(sql.text, ...sql.values);
  expect(rows.length).toBeGreaterThan(TRICKY.length);
  return csvHeader() + csvRecords(rows);
}

describe("the CSV export through COPY", () => {
  it("is the same bytes as csv.ts writes for the same rows, team and document exports alike", async () => {
    const team = await rawGet(e.cookie, "/api/exports?format=csv");
    expect(team.status, team.text.slice(0, 300)).toBe(200);
    expect(team.text).toBe(await expectedCsv({}));
    const one = await rawGet(e.cookie, `/api/documents/${documentId}/export?format=csv`);
    expect(one.status).toBe(200);
    expect(one.text).toBe(await expectedCsv({ document: documentId }));
    // The filters are written into COPY's text: a verdict filter still selects.
    const disputed = await rawGet(e.cookie, "/api/exports?format=csv&verdict=DISPUTED");
    expect(disputed.text.split("\r\n").filter(Boolean)).toHaveLength(2); // header + the one DISPUTED claim
  });
});

describe("VerdictSources", () => {
  const summary = (verdictId: number) => db.verdictSources.findUnique({ where: { verdictId } });

  it("holds each verdict's sources as the exports write them, and nothing for a verdict without sources", async () => {
    const sources = await db.source.findMany({ where: { verdictId: verdictWithSources }, orderBy: { position: "asc" } });
    expect(sources).toHaveLength(3);
    const row = await summary(verdictWithSources);
    expect(row).toMatchObject({ sourcesText: formatSources(sources), sourceUrls: sources.map((s) => s.url).join(" ") });
    expect((row!.sources as { url: string }[]).map((s) => s.url)).toEqual(sources.map((s) => s.url));
    const without = await db.verdict.findFirstOrThrow({ where: { teamId: editor.teamId, label: "OPINION" }, select: { id: true } });
    expect(await summary(without.id)).toBeNull();
  });

  it("is recomputed by every statement that inserts sources, and goes with its verdict", async () => {
    const verdict = await db.verdict.findFirstOrThrow({ where: { teamId: editor.teamId, label: "DISPUTED" }, select: { id: true } });
    await db.$executeRaw`INSERT INTO "Source" ("verdictId", position, url, title) VALUES (${verdict.id}::int, 1, 'https://b.example.org', 'Second')`;
    expect(await summary(verdict.id)).toMatchObject({ sourcesText: "Second <https://b.example.org>", sourceUrls: "https://b.example.org" });
    await db.$executeRaw`INSERT INTO "Source" ("verdictId", position, url, quote) VALUES (${verdict.id}::int, 0, 'https://a.example.org', 'First')`;
    expect(await summary(verdict.id)).toMatchObject({
      sourcesText: "<https://a.example.org> “First” | Second <https://b.example.org>",
      sourceUrls: "https://a.example.org https://b.example.org",
    });

    const res = await admin.request("DELETE", `/api/documents/${documentId}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(await db.verdictSources.count({ where: { verdictId: { in: [verdict.id, verdictWithSources] } } })).toBe(0);
  });
});
