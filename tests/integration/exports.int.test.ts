// Exports through HTTP against the real app and Postgres: every stored value comes back out of
// CSV (through csv-parse), JSON (validated by the zod schema, anchors re-found in the text) and
// ClaimReview; filters select exactly the expected claims; tenancy, roles, gzip, headers, audit,
// and a download abandoned half-way gives its database connection back.
import { createHash } from "node:crypto";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { formatSources, unneutralise } from "@/lib/domain/exports/csv";
import { db } from "@/lib/server/db";
import type { Member } from "@/lib/server/session";
import { claimReviewSchema, documentExportSchema, teamExportSchema, type ExportClaim, type TeamExport } from "@/lib/schemas/export";
import { cpSlice, expectError, importDoc, tag } from "../helpers/claimdesk";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; text: string };

/** A GET that shows the bytes as sent (fetch would ask for and undo gzip on its own). */
function rawGet(cookie: string, path: string, acceptEncoding = "identity"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl()}${path}`, { headers: { cookie, "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body, text: body.toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

const parseCsv = (text: string): Record<string, string>[] => parse(text, { bom: true, columns: true, record_delimiter: "\r\n" });
const parseTeamJson = (text: string): TeamExport => teamExportSchema.parse(JSON.parse(text));
const claimsOf = (file: TeamExport) => file.documents.flatMap((d) => d.claims);
const today = () => new Date().toISOString().slice(0, 10);
const sortIds = (ids: number[]) => [...ids].sort((a, b) => a - b);

const unique = tag();
const FORMULA = "=cmd|' /C calc'!A0 is what the attacker typed into the form on Monday.";
const TEXT_A = [
  `The minister said "we will win, whatever it takes" on Monday, officials said.`,
  FORMULA,
  "Kyiv 🇺🇦 hosted the summit, and 👨‍👩‍👧 families watched from the river bank all day.",
  "+SUM(1,2) was printed on the banner, according to a witness at the scene.",
  "-2 degrees was the temperature in the capital on Tuesday morning, forecasters said.",
  "@everyone was the message sent to the whole staff channel at noon that day.",
  "Critics argued that the plan cuts bus routes in the north by half.",
  `Ref ${unique}`,
].join("\n");
const TEXT_B = `The council approved the budget on Tuesday after a long debate. The mayor said it was the best budget in a decade. Critics argued, loudly, that it cuts bus routes. ${unique}b`;

const SOURCES = [
  { url: "https://stats.example.org/tables?year=2025&kind=final", title: 'Budget report, 2025 "final" edition', publisher: "Stats Office", quote: "It rose, by 3%.\nSecond line.", accessedAt: "2025-04-20" },
  { url: "https://ministry.example.org/press/1", title: 'Ministry says, "yes"', quote: "=2+2 is not a formula here" },
];

let editor: Member;
let reviewer: Member;
let admin: Member;
let e: Client;
let r: Client;
let otherAdmin: Client;
let docA: any;
let docB: any;
/** claim id → what we did with it */
const ids = {} as Record<"sourced" | "disputed" | "opinion" | "replaced" | "formula" | "flag" | "backdated" | "dismissed" | "at" | "bSourced", number>;
let teamSlug: string;
let otherTeamClaimIds: number[];

const put = async (c: Client, claimId: number, body: Record<string, unknown>) => {
  const res = await c.request("PUT", `/api/claims/${claimId}/verdict`, body);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.claim;
};
const claimStarting = (doc: any, start: string) => {
  const found = doc.claims.filter((c: any) => c.exact.startsWith(start));
  expect(found, `one claim starting ${JSON.stringify(start)}`).toHaveLength(1);
  return found[0];
};

beforeAll(async () => {
  const team = await teamWith(["EDITOR", "REVIEWER", "ADMIN"]);
  [editor, reviewer, admin] = team.members as [Member, Member, Member];
  teamSlug = team.team.slug;
  const other = await teamWith(["ADMIN"]);
  [e, r, otherAdmin] = await Promise.all([signIn(editor.email, PASSWORD), signIn(reviewer.email, PASSWORD), signIn(other.members[0]!.email, PASSWORD)]);

  docA = await importDoc(e, { title: `Tricky: “quotes”, commas & 🇺🇦 ${unique}`, text: TEXT_A, sourceUrl: "https://news.example.org/tricky?id=1", publisher: "Example News", author: "Olena Petrenko", publishedAt: "2025-11-20" });
  docB = await importDoc(e, { title: `Budget ${unique}`, text: TEXT_B, publisher: "City Gazette" });

  const minister = claimStarting(docA, "The minister said");
  const formula = claimStarting(docA, "=cmd|");
  const flag = claimStarting(docA, "Kyiv 🇺🇦");
  const sum = claimStarting(docA, "+SUM");
  const minus = claimStarting(docA, "-2 degrees");
  const at = claimStarting(docA, "@everyone");
  const critics = claimStarting(docA, "Critics argued");

  // Attribution, with a speaker that looks like a formula too.
  const attributed = await e.request("PUT", `/api/claims/${minister.id}/attribution`, { speaker: "Ukraine's Defence Ministry", cue: "said", expectedVersion: 1 });
  expect(attributed.status).toBe(200);
  const atSpeaker = await e.request("PUT", `/api/claims/${at.id}/attribution`, { speaker: "@anon_account", cue: "was the message", expectedVersion: 1 });
  expect(atSpeaker.status).toBe(200);

  await put(r, minister.id, { label: "SOURCED", rationale: "Matches the transcript, word for word.", sources: SOURCES, expectedVersion: 2 });
  await put(e, formula.id, { label: "DISPUTED", rationale: '-1 is not what "they" said,\r\nsee the log.', expectedVersion: 1 });
  await put(r, flag.id, { label: "OPINION", expectedVersion: 1 });
  // Replaced: first SOURCED by the reviewer, then DISPUTED by the editor, with a reason.
  await put(r, sum.id, { label: "SOURCED", sources: [{ url: "https://photos.example.org/banner" }], expectedVersion: 1 });
  await put(e, sum.id, { label: "DISPUTED", rationale: "The photo was edited.", reason: "+New evidence, from the agency.", expectedVersion: 2 });
  await put(r, at.id, { label: "SOURCED", sources: [{ url: "https://chat.example.org/msg/1", title: "@everyone screenshot" }], expectedVersion: 2 });
  const dismissed = await e.request("POST", `/api/claims/${critics.id}/dismiss`, { reason: "Not a claim.", expectedVersion: 1 });
  expect(dismissed.status).toBe(200);

  // A verdict from January 2025, the way it would be stored had it been recorded then (rows are
  // append-only, so the time is set on insert).
  await db.$executeRaw`INSERT INTO "Verdict" ("teamId", "claimId", label, "reviewerId", version, "createdAt", rationale)
                       VALUES (${editor.teamId}::int, ${minus.id}::int, 'OPINION', ${reviewer.userId}::int, 2, '2025-01-15 10:00:00', 'Backdated.')`;
  await db.claim.update({ where: { id: minus.id }, data: { status: "OPINION", version: 2 } });

  const bSourced = docB.claims[0];
  await put(e, bSourced.id, { label: "SOURCED", sources: [{ url: "https://council.example.org/minutes" }], expectedVersion: 1 });

  Object.assign(ids, {
    sourced: minister.id,
    disputed: formula.id,
    opinion: flag.id,
    replaced: sum.id,
    formula: formula.id,
    flag: flag.id,
    backdated: minus.id,
    dismissed: critics.id,
    at: at.id,
    bSourced: bSourced.id,
  });

  // The other team has claims of its own, which must never show up in this team's exports.
  const otherDoc = await importDoc(otherAdmin, { title: `Other team ${unique}`, text: `Team B quokka sentence number one is here. Team B quokka sentence two follows it. ${unique}` });
  otherTeamClaimIds = otherDoc.claims.map((c: any) => c.id);
});

/** Every open claim of the team as stored, with its current verdict. */
async function stored() {
  const claims = await db.claim.findMany({
    where: { teamId: editor.teamId, dismissedAt: null },
    include: {
      document: true,
      verdicts: { orderBy: { version: "desc" }, take: 1, include: { reviewer: true, sources: { orderBy: { position: "asc" } } } },
    },
    orderBy: [{ documentId: "asc" }, { start: "asc" }, { end: "asc" }, { id: "asc" }],
  });
  return claims;
}

describe("CSV", () => {
  it("of one document: every stored value comes back through csv-parse, formula-like text neutralised", async () => {
    const res = await rawGet(e.cookie, `/api/documents/${docA.id}/export?format=csv`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="claimdesk-tricky-quotes-commas-${unique}-claims-${today()}.csv"`);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.text.startsWith("\uFEFFdocument_id,")).toBe(true);

    const rows = parseCsv(res.text);
    const expected = (await stored()).filter((c) => c.documentId === docA.id);
    expect(rows.map((row) => Number(row.claim_id))).toEqual(expected.map((c) => c.id));
    expect(rows.map((row) => Number(row.claim_id))).not.toContain(ids.dismissed);

    for (const [i, c] of expected.entries()) {
      const row = rows[i]!;
      const v = c.verdicts[0];
      const text = (column: string) => unneutralise(row[column]!);
      expect(Number(row.document_id)).toBe(c.documentId);
      expect(text("document_title")).toBe(c.document.title);
      expect(text("document_url")).toBe(c.document.sourceUrl);
      expect(Number(row.start)).toBe(c.start);
      expect(Number(row.end)).toBe(c.end);
      expect(text("quote")).toBe(c.exact);
      expect(text("prefix")).toBe(c.prefix);
      expect(text("suffix")).toBe(c.suffix);
      expect(text("speaker")).toBe(c.speaker ?? "");
      expect(text("cue")).toBe(c.cue ?? "");
      expect(row.status).toBe(c.status);
      expect(text("rationale")).toBe(v?.rationale ?? "");
      expect(text("reason")).toBe(v?.reason ?? "");
      expect(text("sources")).toBe(v ? formatSources(v.sources) : "");
      expect(text("source_urls")).toBe(v ? v.sources.map((s) => s.url).join(" ") : "");
      expect(text("reviewer_name")).toBe(v?.reviewer.name ?? "");
      expect(text("reviewer_email")).toBe(v?.reviewer.email ?? "");
      expect(row.verdict_at).toBe(v ? v.createdAt.toISOString() : "");
      expect(row.claim_created_at).toBe(c.createdAt.toISOString());
      expect(Number(row.version)).toBe(c.version);
      // Neutralised cells start with an apostrophe, and only those: a tab or line break first, or = + - @
      // after any white space (spreadsheets skip leading spaces before a formula).
      for (const column of ["quote", "prefix", "suffix", "speaker", "rationale", "reason", "sources"])
        expect(row[column]!.startsWith("'"), `${column} of claim ${c.id}: ${JSON.stringify(row[column])}`).toBe(/^'*(?:[\t\r\n]|\s*[=+\-@])/.test(text(column)));
    }

    const byId = new Map(rows.map((row) => [Number(row.claim_id), row]));
    expect(byId.get(ids.formula)!.quote).toBe(`'${FORMULA}`);
    expect(byId.get(ids.formula)!.rationale).toBe(`'-1 is not what "they" said,\r\nsee the log.`);
    expect(byId.get(ids.replaced)!.quote!.startsWith("'+SUM(1,2)")).toBe(true);
    expect(byId.get(ids.replaced)).toMatchObject({ status: "DISPUTED", reason: "'+New evidence, from the agency.", reviewer_name: editor.name, source_urls: "" });
    expect(byId.get(ids.backdated)!.quote!.startsWith("'-2 degrees")).toBe(true);
    expect(byId.get(ids.backdated)!.verdict_at).toBe("2025-01-15T10:00:00.000Z");
    expect(byId.get(ids.flag)!.quote).toBe("Kyiv 🇺🇦 hosted the summit, and 👨‍👩‍👧 families watched from the river bank all day.");
    const sourced = byId.get(ids.sourced)!;
    expect(sourced.sources).toBe(
      `Budget report, 2025 "final" edition <https://stats.example.org/tables?year=2025&kind=final> “It rose, by 3%.\nSecond line.” | Ministry says, "yes" <https://ministry.example.org/press/1> “=2+2 is not a formula here”`,
    );
    expect(sourced.source_urls).toBe("https://stats.example.org/tables?year=2025&kind=final https://ministry.example.org/press/1");
    expect(sourced).toMatchObject({ speaker: "Ukraine's Defence Ministry", cue: "said", status: "SOURCED", reviewer_name: reviewer.name, reviewer_email: reviewer.email });
    expect(byId.get(ids.replaced)).toMatchObject({ speaker: "a witness at the scene", cue: "according to" });
    expect(rows.find((row) => row.speaker === "'@anon_account")).toBeTruthy();
  });

  it("is the same bytes gzip-compressed when the client asks for gzip, and compressed once", async () => {
    const plain = await rawGet(e.cookie, `/api/documents/${docA.id}/export?format=csv`, "identity");
    const zipped = await rawGet(e.cookie, `/api/documents/${docA.id}/export?format=csv`, "gzip, deflate, br");
    expect(zipped.status).toBe(200);
    // next start gzips route-handler responses only with instrumentation.ts's Content-Type fix (decision 0008).
    expect(zipped.headers["content-encoding"], "Content-Encoding of a gzip-accepting request").toBe("gzip");
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    const unzipped = gunzipSync(zipped.body);
    expect(unzipped.equals(plain.body)).toBe(true);
    expect(unzipped.toString("utf8").startsWith("\uFEFFdocument_id,")).toBe(true); // not gzip twice

    for (const format of ["json", "claimreview"]) {
      const team = await rawGet(e.cookie, `/api/exports?format=${format}&proposed=1`, "gzip");
      expect(team.headers["content-encoding"], format).toBe("gzip");
      const body = JSON.parse(gunzipSync(team.body).toString("utf8"));
      if (format === "json") expect(parseTeamJson(JSON.stringify(body)).counts.claims).toBeGreaterThan(5);
      else expect(body.length).toBeGreaterThan(3);
    }
  });
});

describe("JSON", () => {
  it("of one document validates with the schema, and every anchor re-finds its text in code points", async () => {
    const res = await rawGet(e.cookie, `/api/documents/${docA.id}/export?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="claimdesk-tricky-quotes-commas-${unique}-claims-${today()}.json"`);
    const file = documentExportSchema.parse(JSON.parse(res.text));
    expect(file.exportSchemaVersion).toBe("claimdesk.export/1");
    expect(file.team).toMatchObject({ id: editor.teamId, slug: teamSlug });
    expect(file.document).toMatchObject({ id: docA.id, title: docA.title, text: TEXT_A, publisher: "Example News", author: "Olena Petrenko", publishedAt: "2025-11-20", length: Array.from(TEXT_A).length });
    expect(file.document.sha256).toBe(createHash("sha256").update(TEXT_A, "utf8").digest("hex"));

    const text = file.document.text;
    for (const c of file.claims) {
      const { start, end, exact, prefix, suffix } = c.anchor;
      expect(cpSlice(text, start, end)).toBe(exact);
      expect(cpSlice(text, Math.max(0, start - 32), start)).toBe(prefix);
      expect(cpSlice(text, end, end + 32)).toBe(suffix);
    }
    const expected = (await stored()).filter((c) => c.documentId === docA.id);
    expect(file.claims.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    for (const [i, c] of expected.entries()) {
      const got: ExportClaim = file.claims[i]!;
      const v = c.verdicts[0];
      expect(got).toMatchObject({ status: c.status, version: c.version, attribution: { speaker: c.speaker, cue: c.cue }, createdAt: c.createdAt.toISOString() });
      if (!v) expect(got.verdict).toBeNull();
      else
        expect(got.verdict).toEqual({
          label: v.label,
          version: v.version,
          rationale: v.rationale,
          reason: v.reason,
          reviewer: { id: v.reviewer.id, name: v.reviewer.name, email: v.reviewer.email },
          createdAt: v.createdAt.toISOString(),
          sources: v.sources.map((s) => ({ position: s.position, url: s.url, title: s.title, publisher: s.publisher, quote: s.quote, accessedAt: s.accessedAt?.toISOString().slice(0, 10) ?? null })),
        });
    }
    const replaced = file.claims.find((c) => c.id === ids.replaced)!;
    expect(replaced.verdict).toMatchObject({ label: "DISPUTED", version: 3, reason: "+New evidence, from the agency." });
  });

  it("of the team is one document validated by the schema: each document holding its claims, then the counts", async () => {
    const res = await rawGet(e.cookie, `/api/exports?format=json&verdict=SOURCED`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="claimdesk-${teamSlug}-claims-${today()}.json"`);
    const file = parseTeamJson(res.text);
    expect(file).toMatchObject({ exportSchemaVersion: "claimdesk.export/1", team: { id: editor.teamId, slug: teamSlug }, filters: { verdict: "SOURCED" } });
    expect(file.documents.map((d) => d.id)).toEqual([docA.id, docB.id]);
    expect(file.documents[0]).toMatchObject({ title: docA.title, publisher: "Example News", sha256: createHash("sha256").update(TEXT_A, "utf8").digest("hex") });
    const all = await stored();
    expect(claimsOf(file).map((c) => c.id)).toEqual(all.filter((c) => c.status === "SOURCED").map((c) => c.id));
    expect(file.counts).toEqual({ documents: 2, claims: all.filter((c) => c.status === "SOURCED").length });

    // Anchors of the whole team re-find their text in each document's stored text.
    const everything = parseTeamJson((await rawGet(e.cookie, `/api/exports?format=json`)).text);
    expect(claimsOf(everything).map((c) => c.id)).toEqual(all.map((c) => c.id));
    const texts = new Map([
      [docA.id, TEXT_A],
      [docB.id, TEXT_B],
    ]);
    for (const d of everything.documents)
      for (const c of d.claims) {
        const text = texts.get(d.id)!;
        expect(cpSlice(text, c.anchor.start, c.anchor.end)).toBe(c.anchor.exact);
        expect(cpSlice(text, Math.max(0, c.anchor.start - 32), c.anchor.start)).toBe(c.anchor.prefix);
        expect(cpSlice(text, c.anchor.end, c.anchor.end + 32)).toBe(c.anchor.suffix);
      }
  });
});

describe("ClaimReview", () => {
  it("has one review per SOURCED or DISPUTED claim with every required property, and no OPINION", async () => {
    const res = await rawGet(e.cookie, `/api/documents/${docA.id}/export?format=claimreview&proposed=1`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/ld+json");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="claimdesk-tricky-quotes-commas-${unique}-claimreview-${today()}.jsonld"`);
    const reviews = (JSON.parse(res.text) as unknown[]).map((x) => claimReviewSchema.parse(x));
    const expected = (await stored()).filter((c) => c.documentId === docA.id && (c.status === "SOURCED" || c.status === "DISPUTED"));
    expect(reviews.map((x) => x.url)).toEqual(expected.map((c) => `${baseUrl()}/documents/${docA.id}#claim-${c.id}`));
    const byUrl = new Map(reviews.map((x) => [x.url, x]));
    const minister = byUrl.get(`${baseUrl()}/documents/${docA.id}#claim-${ids.sourced}`)!;
    expect(minister.reviewRating).toMatchObject({ ratingValue: 5, alternateName: "Supported", ratingExplanation: "Matches the transcript, word for word." });
    expect(minister.itemReviewed).toEqual({
      "@type": "Claim",
      author: { "@type": "Organization", name: "Ukraine's Defence Ministry" },
      datePublished: "2025-11-20",
      appearance: { "@type": "CreativeWork", url: "https://news.example.org/tricky?id=1", headline: docA.title },
    });
    expect(minister.author).toEqual({ "@type": "Organization", name: admin.teamName });
    expect(minister.datePublished).toBe(today());
    const formula = byUrl.get(`${baseUrl()}/documents/${docA.id}#claim-${ids.formula}`)!;
    expect(formula.reviewRating).toMatchObject({ ratingValue: 1, alternateName: "Disputed" });
    expect(formula.itemReviewed.author).toEqual({ "@type": "Person", name: "Olena Petrenko" }); // the article's own voice
    for (const x of reviews) expect([ids.opinion, ids.backdated]).not.toContain(Number(x.url.split("#claim-")[1]));
    expect(res.text).not.toContain("OPINION");
  });

  it("of the team: the team's SOURCED and DISPUTED claims only, and none with an OPINION filter", async () => {
    const res = await rawGet(e.cookie, `/api/exports?format=claimreview&proposed=1`);
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="claimdesk-${teamSlug}-claimreview-${today()}.jsonld"`);
    const reviews = (JSON.parse(res.text) as unknown[]).map((x) => claimReviewSchema.parse(x));
    expect(sortIds(reviews.map((x) => Number(x.url.split("#claim-")[1])))).toEqual(sortIds([ids.sourced, ids.disputed, ids.replaced, ids.at, ids.bSourced]));
    const opinion = await rawGet(e.cookie, `/api/exports?format=claimreview&verdict=OPINION&proposed=1`);
    expect(JSON.parse(opinion.text)).toEqual([]);
  });

  it("publishes only verdicts an editor approved, unless proposed=1 asks for the rest", async () => {
    const urls = async (path: string) => (JSON.parse((await rawGet(e.cookie, path)).text) as { url: string }[]).map((x) => Number(x.url.split("#claim-")[1]));
    const before = await urls(`/api/documents/${docA.id}/export?format=claimreview`);
    const claim = await db.claim.findUniqueOrThrow({ where: { id: ids.sourced }, select: { version: true } });
    const approved = await e.request("POST", `/api/claims/${ids.sourced}/approve`, { expectedVersion: claim.version });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(await urls(`/api/documents/${docA.id}/export?format=claimreview`)).toEqual([...before, ids.sourced]);
    expect(await urls(`/api/exports?format=claimreview`)).toContain(ids.sourced);
    expect((await urls(`/api/documents/${docA.id}/export?format=claimreview&proposed=1`)).length).toBeGreaterThan(before.length + 1);
    expectError(await e.request("GET", `/api/exports?format=claimreview&proposed=yes`), 422, "INVALID");
  });
});

describe("team export filters", () => {
  async function exportedIds(query: string): Promise<number[]> {
    const csv = await rawGet(e.cookie, `/api/exports?format=csv&${query}`);
    expect(csv.status, csv.text.slice(0, 300)).toBe(200);
    const fromCsv = parseCsv(csv.text).map((row) => Number(row.claim_id));
    const json = await rawGet(e.cookie, `/api/exports?format=json&${query}`);
    const fromJson = claimsOf(parseTeamJson(json.text)).map((c) => c.id);
    expect(fromJson).toEqual(fromCsv);
    return sortIds(fromCsv);
  }

  it("select exactly the expected claims, alone and combined", async () => {
    const all = await stored();
    const where = (f: (c: (typeof all)[number]) => boolean) => sortIds(all.filter(f).map((c) => c.id));
    const current = (c: (typeof all)[number]) => c.verdicts[0];
    const day = today();
    const cases: [string, number[]][] = [
      ["", where(() => true)],
      ["verdict=SOURCED", where((c) => c.status === "SOURCED")],
      ["verdict=DISPUTED", where((c) => c.status === "DISPUTED")],
      ["verdict=OPINION", where((c) => c.status === "OPINION")],
      ["verdict=UNREVIEWED", where((c) => c.status === "UNREVIEWED")],
      [`reviewer=${reviewer.userId}`, where((c) => current(c)?.reviewerId === reviewer.userId)],
      [`reviewer=${editor.userId}`, where((c) => current(c)?.reviewerId === editor.userId)],
      [`document=${docB.id}`, where((c) => c.documentId === docB.id)],
      ["from=2025-01-01&to=2025-01-31", [ids.backdated]],
      ["from=2025-01-15&to=2025-01-15", [ids.backdated]],
      ["to=2025-01-14", []],
      [`from=${day}`, where((c) => !!current(c) && c.id !== ids.backdated)],
      [`to=${day}`, where((c) => !!current(c))],
      [`verdict=SOURCED&reviewer=${reviewer.userId}&document=${docA.id}`, where((c) => c.status === "SOURCED" && current(c)?.reviewerId === reviewer.userId && c.documentId === docA.id)],
      [`verdict=DISPUTED&reviewer=${reviewer.userId}`, []], // the replaced claim's current verdict is the editor's
      [`verdict=OPINION&from=2025-01-01&to=${day}&reviewer=${reviewer.userId}`, where((c) => c.status === "OPINION")],
      ["document=999999999", []],
    ];
    for (const [query, expected] of cases) expect(await exportedIds(query), query).toEqual(expected);
    // Sanity: the cases mean something.
    expect(where((c) => c.status === "SOURCED").length).toBeGreaterThanOrEqual(3);
    expect(where((c) => c.status === "UNREVIEWED").length).toBeGreaterThanOrEqual(1);
    expect(where(() => true)).not.toContain(ids.dismissed);
    expect(where((c) => c.status === "DISPUTED")).toContain(ids.replaced);
  });

  it("answer 422 with the field's path for bad values", async () => {
    const bad: [string, string][] = [
      ["format=xml", "format"],
      ["", "format"],
      ["format=csv&from=2025-13-01", "from"],
      ["format=csv&to=yesterday", "to"],
      ["format=csv&from=2025-02-01&to=2025-01-01", "to"],
      ["format=csv&verdict=MAYBE", "verdict"],
      ["format=csv&reviewer=abc", "reviewer"],
      ["format=csv&document=-3", "document"],
    ];
    for (const [query, field] of bad) {
      const error = expectError(await e.request("GET", `/api/exports?${query}`), 422, "INVALID");
      expect(Object.keys(error.fields), query).toEqual([field]);
    }
    const error = expectError(await e.request("GET", `/api/documents/${docA.id}/export?format=pdf`), 422, "INVALID");
    expect(error.fields.format).toMatch(/csv, json or claimreview/);
  });
});

describe("tenancy and roles", () => {
  it("another team's document is 404 in every format, and its team export holds none of ours", async () => {
    for (const format of ["csv", "json", "claimreview"]) expectError(await otherAdmin.request("GET", `/api/documents/${docA.id}/export?format=${format}`), 404, "NOT_FOUND");
    const theirs = await rawGet(otherAdmin.cookie, `/api/exports?format=json`);
    const claims = claimsOf(parseTeamJson(theirs.text));
    expect(sortIds(claims.map((c) => c.id))).toEqual(sortIds(otherTeamClaimIds));
    expect(theirs.text).not.toContain(unique + "b");
    expect(theirs.text).not.toContain("Olena");
    const ours = await rawGet(e.cookie, `/api/exports?format=csv`);
    const ourIds = parseCsv(ours.text).map((row) => Number(row.claim_id));
    for (const id of otherTeamClaimIds) expect(ourIds).not.toContain(id);
    expect(ours.text).not.toContain("quokka");
    // Their document as a filter of our export: nothing.
    const filtered = await rawGet(otherAdmin.cookie, `/api/exports?format=csv&document=${docA.id}`);
    expect(parseCsv(filtered.text)).toEqual([]);
  });

  it("a reviewer gets 403 on both routes", async () => {
    expectError(await r.request("GET", `/api/exports?format=csv`), 403, "FORBIDDEN");
    expectError(await r.request("GET", `/api/documents/${docA.id}/export?format=json`), 403, "FORBIDDEN");
  });

  it("without a session: 401", async () => {
    const res = await rawGet("", `/api/exports?format=csv`);
    expect(res.status).toBe(401);
  });
});

describe("audit", () => {
  it("records every download with its format and filters", async () => {
    const last = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    await rawGet(e.cookie, `/api/exports?format=csv&verdict=SOURCED&from=2025-01-01`);
    await rawGet(e.cookie, `/api/documents/${docB.id}/export?format=claimreview`);
    const events = await db.auditEvent.findMany({ where: { teamId: editor.teamId, action: "export.download", id: { gt: last?.id ?? 0n } }, orderBy: { id: "asc" } });
    expect(events.map((ev) => ({ actorId: ev.actorId, targetType: ev.targetType, targetId: ev.targetId, data: ev.data }))).toEqual([
      { actorId: editor.userId, targetType: "team", targetId: String(editor.teamId), data: { format: "csv", scope: "team", filters: { verdict: "SOURCED", from: "2025-01-01" } } },
      { actorId: editor.userId, targetType: "document", targetId: String(docB.id), data: { format: "claimreview", scope: "document", filters: { document: docB.id } } },
    ]);
  });
});

describe("a big export", () => {
  const CLAIMS = 40_000;
  let big: Member;
  let bigClient: Client;

  beforeAll(async () => {
    const team = await teamWith(["EDITOR"]);
    big = team.members[0]!;
    bigClient = await signIn(big.email, PASSWORD);
    // Seeded in SQL: 40,000 claims, one fixed-length sentence each.
    const sentence = (n: number) => `Sentence ${String(n).padStart(6, "0")} says the figure rose.`;
    const step = sentence(0).length + 1;
    await db.$executeRaw`
      WITH t AS (SELECT string_agg(format('Sentence %s says the figure rose. ', lpad(g::text, 6, '0')), '' ORDER BY g) AS text
                 FROM generate_series(0, ${CLAIMS}::int - 1) g),
           d AS (INSERT INTO "Document" ("teamId", title, text, sha256, length, "importedById")
                 SELECT ${big.teamId}::int, 'Big', text, encode(sha256(convert_to(text, 'UTF8')), 'hex'), char_length(text), ${big.userId}::int FROM t
                 RETURNING id)
      INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, "updatedAt")
      SELECT ${big.teamId}::int, d.id, g * ${step}::int, g * ${step}::int + ${step - 1}::int,
             format('Sentence %s says the figure rose.', lpad(g::text, 6, '0')), '', '', now()
      FROM d, generate_series(0, ${CLAIMS}::int - 1) g`;
    expect(await db.claim.count({ where: { teamId: big.teamId } })).toBe(CLAIMS);
  });

  const exportConnections = () =>
    db.$queryRaw<{ state: string | null; xact: boolean }[]>`
      SELECT state, xact_start IS NOT NULL AS xact FROM pg_stat_activity WHERE application_name = 'claimdesk-export'`;

  it("streams every row, and a client that goes away half-way gets its connection back to the pool at once", async () => {
    const full = await rawGet(bigClient.cookie, `/api/exports?format=csv`);
    expect(parseCsv(full.text)).toHaveLength(CLAIMS);

    // Read the first chunk, then stop reading and hang up.
    const aborted = await new Promise<{ bytes: number; during: { state: string | null; xact: boolean }[] }>((resolve, reject) => {
      const req = http.get(`${baseUrl()}/api/exports?format=json`, { headers: { cookie: bigClient.cookie, "accept-encoding": "identity" } }, (res) => {
        res.on("error", () => {}); // the hang-up below, seen from the response's side
        res.once("data", async (chunk: Buffer) => {
          res.pause();
          const during = await exportConnections();
          req.destroy();
          resolve({ bytes: chunk.length, during });
        });
      });
      req.on("error", (err) => (/socket hang up|aborted/i.test(err.message) ? undefined : reject(err)));
    });
    expect(aborted.bytes).toBeGreaterThan(0);
    expect(aborted.during.some((c) => c.xact), "the export holds a transaction while it streams").toBe(true);
    const deadline = Date.now() + 5_000;
    let after = await exportConnections();
    while (after.some((c) => c.xact) && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 100));
      after = await exportConnections();
    }
    expect(after.filter((c) => c.xact), "no export transaction left open").toEqual([]);
    expect(after.length).toBeLessThanOrEqual(4);

    // And the pool still works.
    const again = await rawGet(bigClient.cookie, `/api/exports?format=csv&verdict=SOURCED`);
    expect(again.status).toBe(200);
    expect(parseCsv(again.text)).toEqual([]);
  });
});
