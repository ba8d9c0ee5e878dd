import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { teamWith, PASSWORD } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { cpLength, cpSlice, expectError, getDoc, importDoc, SAMPLE_SENTENCES, sampleText, tag } from "../helpers/claimdesk";
import type { Member } from "@/lib/server/session";

const seed000 = readFileSync(new URL("../../seeds/000_6489fa185ed6154c.txt", import.meta.url), "utf8");
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

let editor: Member;
let client: Client;
let otherTeamClient: Client;

beforeAll(async () => {
  const a = await teamWith(["EDITOR"]);
  const b = await teamWith(["EDITOR"]);
  editor = a.members[0]!;
  [client, otherTeamClient] = await Promise.all([signIn(editor.email, PASSWORD), signIn(b.members[0]!.email, PASSWORD)]);
});

/** Every claim's anchor checked against the text by code point, independently of the app's TextIndex. */
function expectAnchorsMatch(text: string, claims: any[]) {
  for (const c of claims) {
    expect(Number.isInteger(c.start) && Number.isInteger(c.end)).toBe(true);
    expect(c.end).toBeGreaterThan(c.start);
    expect(cpSlice(text, c.start, c.end), `claim ${c.id}`).toBe(c.exact);
    expect(c.prefix).toBe(cpSlice(text, Math.max(0, c.start - 32), c.start));
    expect(c.suffix).toBe(cpSlice(text, c.end, c.end + 32));
  }
}

describe("POST /api/documents", () => {
  it("imports an article: 201 with sha256, code-point length, metadata and the candidate claims", async () => {
    const text = sampleText();
    const title = `Summit report ${tag()}`;
    const res = await client.request("POST", "/api/documents", {
      title,
      text,
      sourceUrl: "https://news.example.org/summit",
      publisher: "Example News",
      author: "A. Writer",
      publishedAt: "2025-04-23",
    });
    expect(res.status).toBe(201);
    const doc = res.json.document;
    expect(doc).toMatchObject({
      title,
      text,
      sourceUrl: "https://news.example.org/summit",
      publisher: "Example News",
      author: "A. Writer",
      publishedAt: "2025-04-23",
      sha256: sha256(text),
      importedBy: { id: editor.userId, name: editor.name },
    });
    // Three flags = six regional indicators, each two UTF-16 units: length counts code points.
    expect(doc.length).toBe(cpLength(text));
    expect(doc.length).toBe(text.length - 6);

    // Candidate claims: the four sentences, not the heading line nor the short reference line.
    expect(doc.claims.map((c: any) => c.exact)).toEqual([...SAMPLE_SENTENCES]);
    for (const c of doc.claims)
      expect(c).toMatchObject({ documentId: doc.id, status: "UNREVIEWED", version: 1, verdict: null, origin: "SEGMENTER", dismissed: false });
    expectAnchorsMatch(text, doc.claims);
    // The last sentence comes after three flags: its code-point start is 6 less than its UTF-16 index.
    const last = doc.claims[3];
    expect(last.start).toBe(text.indexOf(SAMPLE_SENTENCES[3]) - 2);
    expect(doc.progress).toEqual({ total: 4, reviewed: 0, counts: { UNREVIEWED: 4, SOURCED: 0, DISPUTED: 0, OPINION: 0 } });

    // What is stored matches what was returned.
    const row = await db.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row).toMatchObject({ text, sha256: sha256(text), length: cpLength(text), teamId: editor.teamId, importedById: editor.userId });
    expect(row.publishedAt?.toISOString()).toBe("2025-04-23T00:00:00.000Z");

    // GET returns the same document and claims.
    const again = await getDoc(client, doc.id);
    expect(again.text).toBe(text);
    expect(again.claims).toEqual(doc.claims);
  });

  it("optional metadata may be left out or sent empty", async () => {
    const doc = await importDoc(client, { title: "  Bare  ", text: sampleText(), sourceUrl: "", publisher: "", author: null, publishedAt: "" });
    expect(doc).toMatchObject({ title: "Bare", sourceUrl: null, publisher: null, author: null, publishedAt: null });
  });

  it("anchors every candidate of the emoji seed article in code points, as PostgreSQL's substr() counts them", async () => {
    const doc = await importDoc(client, { title: "Emoji seed", text: seed000 });
    expect(doc.length).toBe(cpLength(seed000));
    expect(doc.length).toBeLessThan(seed000.length); // the article has astral characters
    expect(doc.claims.length).toBeGreaterThan(20);
    expectAnchorsMatch(seed000, doc.claims);
    // The test is only meaningful if some claims sit after astral characters (UTF-16 and code points differ).
    expect(doc.claims.some((c: any) => seed000.indexOf(c.exact) !== c.start)).toBe(true);
    // The tweet signature line is not a claim.
    expect(doc.claims.some((c: any) => c.exact.includes("@FAB87F"))).toBe(false);

    const rows = await db.$queryRaw<{ id: number; ok: boolean }[]>`
      SELECT c.id, substr(d.text, c.start + 1, c."end" - c.start) = c.exact AS ok
      FROM "Claim" c JOIN "Document" d ON d.id = c."documentId"
      WHERE d.id = ${doc.id}`;
    expect(rows).toHaveLength(doc.claims.length);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    const lengths = await db.$queryRaw<{ len: number }[]>`SELECT char_length(text) AS len FROM "Document" WHERE id = ${doc.id}`;
    expect(lengths.map((r) => Number(r.len))).toEqual([doc.length]);
  });

  it("refuses the same text twice in one team with 409 DUPLICATE_DOCUMENT naming the existing document, storing nothing", async () => {
    const text = sampleText();
    const first = await importDoc(client, { title: "Original", text });
    const before = { docs: await db.document.count({ where: { teamId: editor.teamId } }), claims: await db.claim.count({ where: { teamId: editor.teamId } }) };

    const res = await client.request("POST", "/api/documents", { title: "Another title, same text", text });
    const error = expectError(res, 409, "DUPLICATE_DOCUMENT");
    expect(error.document.id).toBe(first.id);

    expect(await db.document.count({ where: { teamId: editor.teamId } })).toBe(before.docs);
    expect(await db.claim.count({ where: { teamId: editor.teamId } })).toBe(before.claims);

    // The same text in another team is a separate document.
    const other = await importDoc(otherTeamClient, { title: "Same text elsewhere", text });
    expect(other.id).not.toBe(first.id);
    expect(other.sha256).toBe(first.sha256);
  });

  it("treats a text differing only in one character as a new document", async () => {
    const text = sampleText();
    const first = await importDoc(client, { title: "One", text });
    const second = await importDoc(client, { title: "Two", text: `${text}.` });
    expect(second.id).not.toBe(first.id);
  });

  it("lets exactly one of several simultaneous imports of the same text win; the others get 409 naming it", async () => {
    const text = sampleText();
    const before = await db.document.count({ where: { teamId: editor.teamId } });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => client.request("POST", "/api/documents", { title: `Race ${i}`, text })),
    );
    const created = results.filter((r) => r.status === 201);
    const dupes = results.filter((r) => r.status === 409);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of dupes) {
      expect(r.json.error.code).toBe("DUPLICATE_DOCUMENT");
      expect(r.json.error.document.id).toBe(created[0]!.json.document.id);
    }
    expect(await db.document.count({ where: { teamId: editor.teamId } })).toBe(before + 1);
  });

  it("accepts a text of exactly the 2 MB limit (counted in UTF-8 bytes)", async () => {
    const text = `${tag()} ${"a".repeat(2 * 1024 * 1024 - 9)}`;
    expect(Buffer.byteLength(text, "utf8")).toBe(2 * 1024 * 1024);
    const doc = await importDoc(client, { title: "Exactly at the limit", text });
    expect(doc.length).toBe(2 * 1024 * 1024);
  });
});

describe("HTML and script in imported data", () => {
  it("stores title and text verbatim and returns them as JSON data", async () => {
    const title = `<script>alert("title")</script> & <b>bold</b> ${tag()}`;
    const text =
      `The council said <img src=x onerror="alert(1)"> was posted on its site on Monday. ` +
      `A spokesperson wrote <script>document.cookie</script> &amp; nothing else in the statement.`;
    const res = await client.request("POST", "/api/documents", { title, text });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = res.json.document;
    expect(doc.title).toBe(title);
    expect(doc.text).toBe(text);
    expect(doc.claims.map((c: any) => c.exact)).toEqual([
      `The council said <img src=x onerror="alert(1)"> was posted on its site on Monday.`,
      `A spokesperson wrote <script>document.cookie</script> &amp; nothing else in the statement.`,
    ]);
    const row = await db.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.title).toBe(title);
    expect(row.text).toBe(text);

    const again = await getDoc(client, doc.id);
    expect(again.title).toBe(title);
    expect(again.text).toBe(text);
    const list = await client.request("GET", "/api/documents");
    expect(list.json.documents.find((d: any) => d.id === doc.id).title).toBe(title);
  });
});

describe("GET /api/documents", () => {
  it("lists the team's documents, newest first, with review progress", async () => {
    const { members } = await teamWith(["EDITOR"]);
    const c = await signIn(members[0]!.email, PASSWORD);
    const empty = await c.request("GET", "/api/documents");
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({ documents: [] });

    const older = await importDoc(c, { title: "Older", text: sampleText() });
    const newer = await importDoc(c, { title: "Newer", text: sampleText() });
    // Record a verdict and dismiss another claim so that progress has something to count.
    const v = await c.request("PUT", `/api/claims/${newer.claims[0].id}/verdict`, { label: "OPINION", expectedVersion: 1 });
    expect(v.status).toBe(200);
    const d = await c.request("POST", `/api/claims/${newer.claims[1].id}/dismiss`, { expectedVersion: 1 });
    expect(d.status).toBe(200);

    const res = await c.request("GET", "/api/documents");
    expect(res.status).toBe(200);
    expect(res.json.documents.map((x: any) => x.id)).toEqual([newer.id, older.id]);
    const [n, o] = res.json.documents;
    expect(n).toMatchObject({ title: "Newer", length: newer.length, sha256: newer.sha256 });
    // Dismissed claims are not counted; the verdict is.
    expect(n.progress).toEqual({ total: 3, reviewed: 1, counts: { UNREVIEWED: 2, SOURCED: 0, DISPUTED: 0, OPINION: 1 } });
    expect(o.progress).toEqual({ total: 4, reviewed: 0, counts: { UNREVIEWED: 4, SOURCED: 0, DISPUTED: 0, OPINION: 0 } });
    expect((await getDoc(c, newer.id)).progress).toEqual(n.progress);
  });
});
