// Bad input of every kind gets the right status, a message a user can act on, the field path where
// one applies, and leaves what is stored exactly as it was. Never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { teamWith, PASSWORD } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { claimWithExact, cpIndexOf, expectError, importDoc, importSample, SAMPLE_SENTENCES, storedState, tag } from "../helpers/claimdesk";
import type { Member } from "@/lib/server/session";

const [S1, S2] = SAMPLE_SENTENCES;
const MAX_TEXT_BYTES = 2 * 1024 * 1024; // the limit the issue states (lib/domain/documents.ts)

let member: Member;
let client: Client;
let doc: any;
let text: string;

beforeAll(async () => {
  const { members } = await teamWith(["EDITOR"]); // editors may import, edit attribution and review
  member = members[0]!;
  client = await signIn(member.email, PASSWORD);
  ({ doc, text } = await importSample(client));
});

const teamDocuments = () => db.document.findMany({ where: { teamId: member.teamId }, orderBy: { id: "asc" } });
const teamClaimCount = () => db.claim.count({ where: { teamId: member.teamId } });

/** Sends a bad request and checks status, code, fields and a readable message. */
async function expectRejected(
  req: Promise<{ status: number; json: any }>,
  status: number,
  code: string,
  opts: { fields?: string[]; message?: RegExp } = {},
) {
  const res = await req;
  const error = expectError(res, status, code);
  if (opts.fields) {
    expect(Object.keys(error.fields ?? {}).sort()).toEqual([...opts.fields].sort());
    for (const f of opts.fields) expect(error.fields[f].length).toBeGreaterThan(5);
  }
  if (opts.message) expect(error.message).toMatch(opts.message);
  return error;
}

describe("POST /api/documents with bad input", () => {
  const post = (body: unknown, headers?: Record<string, string>) => client.request("POST", "/api/documents", body, headers);
  let before: Awaited<ReturnType<typeof teamDocuments>>;
  let claimsBefore: number;

  beforeAll(async () => {
    before = await teamDocuments();
    claimsBefore = await teamClaimCount();
  });

  it("empty, whitespace-only or missing text: 422 on text", async () => {
    await expectRejected(post({ title: "Empty", text: "" }), 422, "INVALID", { fields: ["text"], message: /empty/i });
    await expectRejected(post({ title: "Blank", text: "  \n\t \r\n  " }), 422, "INVALID", { fields: ["text"], message: /empty/i });
    await expectRejected(post({ title: "Missing" }), 422, "INVALID", { fields: ["text"] });
    await expectRejected(post({ title: "Number", text: 42 }), 422, "INVALID", { fields: ["text"] });
  });

  it("missing or blank title: 422 on title", async () => {
    await expectRejected(post({ text: `A perfectly good article text about the council meeting ${tag()}.` }), 422, "INVALID", { fields: ["title"] });
    await expectRejected(post({ title: "   ", text: `Another perfectly good article text about the meeting ${tag()}.` }), 422, "INVALID", { fields: ["title"] });
    await expectRejected(post({ title: "x".repeat(301), text: `Yet another good article text ${tag()}.` }), 422, "INVALID", { fields: ["title"] });
  });

  it("text over 2 MB: 413, counted in UTF-8 bytes, not characters", async () => {
    await expectRejected(post({ title: "Too big", text: "a".repeat(MAX_TEXT_BYTES + 1) }), 413, "PAYLOAD_TOO_LARGE", { fields: ["text"], message: /2 MB/ });
    // 1 Mi + 1 characters, but each is two bytes in UTF-8.
    const accented = "é".repeat(MAX_TEXT_BYTES / 2 + 1);
    expect(accented.length).toBeLessThan(MAX_TEXT_BYTES);
    await expectRejected(post({ title: "Too big in bytes", text: accented }), 413, "PAYLOAD_TOO_LARGE", { message: /MB/ });
    // Far beyond: the body itself is refused.
    await expectRejected(post({ title: "Huge", text: "b".repeat(7 * 1024 * 1024) }), 413, "PAYLOAD_TOO_LARGE");
  });

  it("NUL byte in the text: 422 on text, saying it looks binary", async () => {
    await expectRejected(post({ title: "NUL", text: `A sentence that looks fine.\u0000 And more text after it ${tag()}.` }), 422, "INVALID", {
      fields: ["text"],
      message: /NUL/,
    });
  });

  it("lone surrogate in the text (raw JSON escape): 422 on text", async () => {
    for (const escape of ["\\ud800", "\\udfff"]) {
      const raw = `{"title":"Lone surrogate","text":"Before ${escape} after, in a sentence long enough to be a claim ${tag()}."}`;
      await expectRejected(post(raw), 422, "INVALID", { fields: ["text"], message: /surrogate|Unicode/i });
    }
  });

  it("impossible publishedAt: 422 on publishedAt", async () => {
    for (const publishedAt of ["2025-13-45", "2025-02-30", "23/04/2025", "yesterday"])
      await expectRejected(post({ title: "Date", text: `An article published on some day ${tag()}.`, publishedAt }), 422, "INVALID", {
        fields: ["publishedAt"],
        message: /YYYY-MM-DD/,
      });
  });

  it("a source URL that is not http(s): 422 on sourceUrl, saying what is wanted", async () => {
    for (const sourceUrl of ["javascript:alert(1)", "not a url", "ftp://files.example.org/a.txt"])
      await expectRejected(post({ title: "Link", text: `An article about links ${tag()}.`, sourceUrl }), 422, "INVALID", {
        fields: ["sourceUrl"],
        message: /http/,
      });
  });

  it("a body that is not a JSON object: 422; malformed JSON: 400; wrong content type: 415", async () => {
    for (const body of ["null", "[]", '"text"', "42"]) expectError(await post(body), 422, "INVALID");
    await expectRejected(post('{"title": "Broken", "text": "unterminated'), 400, "BAD_REQUEST", { message: /JSON/ });
    await expectRejected(post(""), 400, "BAD_REQUEST");
    const valid = JSON.stringify({ title: "Wrong type", text: `Content type is wrong for this article ${tag()}.` });
    await expectRejected(post(valid, { "content-type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE", { message: /application\/json/ });
    await expectRejected(post(`title=x&text=y`, { "content-type": "application/x-www-form-urlencoded" }), 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("stored nothing for any of the above", async () => {
    expect(await teamDocuments()).toEqual(before);
    expect(await teamClaimCount()).toBe(claimsBefore);
  });
});

describe("POST /api/documents/:id/claims with bad spans", () => {
  const add = (body: unknown, id = doc.id) => client.request("POST", `/api/documents/${id}/claims`, body);

  it("out of range, inverted, empty or non-integer offsets: 422 on start or end", async () => {
    const before = await storedState(doc.id);
    const n = doc.length;
    await expectRejected(add({ start: 0, end: n + 1 }), 422, "INVALID", { fields: ["end"], message: new RegExp(`0 to ${n}`) });
    await expectRejected(add({ start: -1, end: 5 }), 422, "INVALID", { fields: ["start"] });
    await expectRejected(add({ start: n + 5, end: n + 6 }), 422, "INVALID", { fields: ["start"] });
    await expectRejected(add({ start: 20, end: 10 }), 422, "INVALID", { fields: ["end"], message: /after start/ });
    await expectRejected(add({ start: 10, end: 10 }), 422, "INVALID", { fields: ["end"] });
    await expectRejected(add({ start: 1.5, end: 10 }), 422, "INVALID", { fields: ["start"], message: /whole number/ });
    await expectRejected(add({ start: 0, end: 10.25 }), 422, "INVALID", { fields: ["end"] });
    await expectRejected(add({ start: "0", end: 10 }), 422, "INVALID", { fields: ["start"] });
    await expectRejected(add({ start: 0, end: 1e300 }), 422, "INVALID", { fields: ["end"] });
    await expectRejected(add({}), 422, "INVALID", { fields: ["start", "end"] });
    // Only white space selected ("\nLocal Notes\n" has line breaks around it).
    const gap = cpIndexOf(text, "\nLocal");
    await expectRejected(add({ start: gap, end: gap + 1 }), 422, "INVALID", { fields: ["end"], message: /white space/ });
    expect(await storedState(doc.id)).toEqual(before);
  });

  it("an offset inside a flag emoji (between its two regional indicators): 422", async () => {
    const before = await storedState(doc.id);
    const flag = cpIndexOf(text, "🇺🇦");
    await expectRejected(add({ start: flag + 1, end: flag + 10 }), 422, "INVALID", { fields: ["start"], message: /inside a character/ });
    await expectRejected(add({ start: 0, end: flag + 1 }), 422, "INVALID", { fields: ["end"], message: /inside a character/ });
    const pair = cpIndexOf(text, "🇺🇦🇺🇦");
    await expectRejected(add({ start: pair + 3, end: pair + 10 }), 422, "INVALID", { fields: ["start"] });
    expect(await storedState(doc.id)).toEqual(before);
  });

  it("an offset inside a ZWJ emoji sequence or between a letter and its combining accent: 422", async () => {
    const t = `The family emoji 👨‍👩‍👧 and the name Zoe\u0308 appear in this sentence on Friday ${tag()}.`;
    const d = await importDoc(client, { title: "Graphemes", text: t });
    const before = await storedState(d.id);
    const family = cpIndexOf(t, "👨");
    for (const inside of [family + 1, family + 2, family + 4])
      await expectRejected(add({ start: inside, end: inside + 8 }, d.id), 422, "INVALID", { fields: ["start"], message: /inside a character/ });
    const accent = cpIndexOf(t, "\u0308");
    await expectRejected(add({ start: accent - 3, end: accent }, d.id), 422, "INVALID", { fields: ["end"], message: /inside a character/ });
    expect(await storedState(d.id)).toEqual(before);
    // On the edges it is fine.
    const ok = await add({ start: family, end: family + 5 }, d.id);
    expect(ok.status).toBe(201);
    expect(ok.json.claim.exact).toBe("👨‍👩‍👧");
  });

  it("unknown, non-numeric or out-of-range document ids: 404", async () => {
    for (const id of ["2147483647", "abc", "0", "-1", "1.5", "99999999999"])
      await expectRejected(client.request("POST", `/api/documents/${id}/claims`, { start: 0, end: 4 }), 404, "NOT_FOUND");
    for (const id of ["2147483647", "abc", "0", "99999999999"]) await expectRejected(client.request("GET", `/api/documents/${id}`), 404, "NOT_FOUND");
  });
});

describe("PUT /api/claims/:id/verdict with bad input", () => {
  let claim: any;
  let before: Awaited<ReturnType<typeof storedState>>;
  const put = (body: unknown, id: number | string = claim.id, headers?: Record<string, string>) =>
    client.request("PUT", `/api/claims/${id}/verdict`, body, headers);

  beforeAll(async () => {
    claim = claimWithExact(doc, S2);
    before = await storedState(doc.id);
  });

  it("unknown or missing label: 422 on label", async () => {
    for (const label of ["TRUE", "opinion", "", 1, undefined])
      await expectRejected(put({ label, expectedVersion: 1 }), 422, "INVALID", { fields: ["label"], message: /SOURCED, DISPUTED or OPINION/ });
  });

  it("SOURCED without a usable source: 422 on sources or the bad source's url", async () => {
    await expectRejected(put({ label: "SOURCED", expectedVersion: 1 }), 422, "INVALID", { fields: ["sources"] });
    await expectRejected(put({ label: "SOURCED", sources: [], expectedVersion: 1 }), 422, "INVALID", { fields: ["sources"] });
    await expectRejected(put({ label: "SOURCED", sources: "https://example.org", expectedVersion: 1 }), 422, "INVALID", { fields: ["sources"] });
    for (const url of ["javascript:alert(1)", "not a url", "ftp://example.org/file", "https://user:secret@example.org/", "data:text/html,<b>x</b>"])
      await expectRejected(put({ label: "SOURCED", sources: [{ url }], expectedVersion: 1 }), 422, "INVALID", { fields: ["sources.0.url"], message: /http/ });
    await expectRejected(put({ label: "SOURCED", sources: [{ title: "No link" }], expectedVersion: 1 }), 422, "INVALID", { fields: ["sources.0.url"] });
    await expectRejected(put({ label: "SOURCED", sources: [{ url: "  " }], expectedVersion: 1 }), 422, "INVALID", { fields: ["sources.0.url"] });
    await expectRejected(put({ label: "SOURCED", sources: [{ url: "https://example.org/ok" }, { url: "javascript:alert(1)" }], expectedVersion: 1 }), 422, "INVALID", {
      fields: ["sources.1.url"],
    });
    await expectRejected(put({ label: "SOURCED", sources: [{ url: "https://example.org/ok", accessedAt: "2025-13-45" }], expectedVersion: 1 }), 422, "INVALID", {
      fields: ["sources.0.accessedAt"],
    });
    const many = Array.from({ length: 21 }, (_, i) => ({ url: `https://example.org/${i}` }));
    await expectRejected(put({ label: "SOURCED", sources: many, expectedVersion: 1 }), 422, "INVALID", { fields: ["sources"] });
  });

  it("DISPUTED without a rationale or with one too long: 422 on rationale", async () => {
    await expectRejected(put({ label: "DISPUTED", expectedVersion: 1 }), 422, "INVALID", { fields: ["rationale"], message: /rationale/ });
    await expectRejected(put({ label: "DISPUTED", rationale: "x".repeat(20_001), expectedVersion: 1 }), 422, "INVALID", { fields: ["rationale"] });
  });

  it("missing or malformed expectedVersion: 422 on expectedVersion", async () => {
    for (const expectedVersion of [undefined, "1", 0, -1, 1.5, null])
      await expectRejected(put({ label: "OPINION", expectedVersion }), 422, "INVALID", { fields: ["expectedVersion"] });
  });

  it("a stale version: 409 with the current claim", async () => {
    const error = await expectRejected(put({ label: "OPINION", expectedVersion: 5 }), 409, "CONFLICT");
    expect(error.current).toMatchObject({ id: claim.id, version: 1, status: "UNREVIEWED", verdict: null });
  });

  it("unknown, non-numeric or out-of-range claim ids: 404", async () => {
    for (const id of ["2147483647", "abc", "0", "-3", "2.5", "99999999999"])
      await expectRejected(put({ label: "OPINION", expectedVersion: 1 }, id), 404, "NOT_FOUND", { message: /not found/ });
    for (const id of ["2147483647", "abc"]) await expectRejected(client.request("GET", `/api/claims/${id}/history`), 404, "NOT_FOUND");
  });

  it("malformed JSON: 400; wrong content type: 415; a body over the limit: 413", async () => {
    await expectRejected(put('{"label": "OPINION", "expectedVersion": 1'), 400, "BAD_REQUEST", { message: /JSON/ });
    await expectRejected(put("{label: OPINION}"), 400, "BAD_REQUEST");
    await expectRejected(put(JSON.stringify({ label: "OPINION", expectedVersion: 1 }), claim.id, { "content-type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectRejected(put({ label: "DISPUTED", rationale: "r".repeat(100_000), expectedVersion: 1 }), 413, "PAYLOAD_TOO_LARGE");
  });

  it("stored nothing for any of the above", async () => {
    expect(await storedState(doc.id)).toEqual(before);
    expect(await db.verdict.count({ where: { claimId: claim.id } })).toBe(0);
  });
});

describe("other claim actions with bad input", () => {
  it("split, merge, attribution, dismiss and restore: 422 with field paths, 404 for bad ids, nothing stored", async () => {
    const c1 = claimWithExact(doc, S1);
    const c2 = claimWithExact(doc, S2);
    const before = await storedState(doc.id);
    const post = (path: string, body: unknown) => client.request("POST", path, body);
    const flag = cpIndexOf(text, "🇺🇦");

    await expectRejected(post(`/api/claims/${c1.id}/split`, { at: flag + 1, expectedVersion: 1 }), 422, "INVALID", { fields: ["at"], message: /inside a character/ });
    await expectRejected(post(`/api/claims/${c1.id}/split`, { at: 10.5, expectedVersion: 1 }), 422, "INVALID", { fields: ["at"] });
    await expectRejected(post(`/api/claims/${c1.id}/split`, { at: 10 }), 422, "INVALID", { fields: ["expectedVersion"] });
    await expectRejected(post(`/api/claims/${c1.id}/merge`, { withClaimId: "abc", expectedVersion: 1 }), 422, "INVALID", { fields: ["withClaimId"] });
    await expectRejected(post(`/api/claims/${c1.id}/merge`, { withClaimId: c2.id }), 422, "INVALID", { fields: ["expectedVersion"] });
    await expectRejected(client.request("PUT", `/api/claims/${c1.id}/attribution`, { speaker: "s".repeat(201), expectedVersion: 1 }), 422, "INVALID", {
      fields: ["speaker"],
    });
    await expectRejected(client.request("PUT", `/api/claims/${c1.id}/attribution`, { speaker: "Mayor" }), 422, "INVALID", { fields: ["expectedVersion"] });
    await expectRejected(post(`/api/claims/${c1.id}/dismiss`, { reason: 12, expectedVersion: 1 }), 422, "INVALID", { fields: ["reason"] });
    await expectRejected(post(`/api/claims/${c1.id}/dismiss`, {}), 422, "INVALID", { fields: ["expectedVersion"] });
    await expectRejected(post(`/api/claims/${c1.id}/restore`, { expectedVersion: "2" }), 422, "INVALID", { fields: ["expectedVersion"] });
    await expectRejected(post(`/api/claims/${c1.id}/dismiss`, "{"), 400, "BAD_REQUEST");
    await expectRejected(client.request("POST", `/api/claims/${c1.id}/restore`, "expectedVersion=1", { "content-type": "application/x-www-form-urlencoded" }), 415, "UNSUPPORTED_MEDIA_TYPE");

    for (const id of ["2147483647", "abc"]) {
      await expectRejected(post(`/api/claims/${id}/split`, { at: 3, expectedVersion: 1 }), 404, "NOT_FOUND");
      await expectRejected(post(`/api/claims/${id}/merge`, { withClaimId: c1.id, expectedVersion: 1 }), 404, "NOT_FOUND");
      await expectRejected(post(`/api/claims/${id}/dismiss`, { expectedVersion: 1 }), 404, "NOT_FOUND");
      await expectRejected(post(`/api/claims/${id}/restore`, { expectedVersion: 1 }), 404, "NOT_FOUND");
      await expectRejected(client.request("PUT", `/api/claims/${id}/attribution`, { expectedVersion: 1 }), 404, "NOT_FOUND");
    }
    expect(await storedState(doc.id)).toEqual(before);
  });

});

describe("characters PostgreSQL cannot store, in free-text fields other than the article text", () => {
  // The article text is checked for NUL bytes and lone surrogates (422 above). The other text
  // fields go to the database as they are: they must be refused as bad input too, never a 500.
  it.each([
    ["NUL byte", "\u0000"],
    ["lone surrogate", "\ud800"],
  ])("%s in a title, metadata, rationale, reason, source, speaker or cue: 422 on that field", async (_, bad) => {
    const { doc: d } = await importSample(client);
    const [c1, c2, c3] = [S1, S2, SAMPLE_SENTENCES[2]].map((s) => claimWithExact(d, s));
    const teamDocsBefore = await teamDocuments();
    const before = await storedState(d.id);
    const body = (extra: object) => ({ title: "Article", text: `An article with a bad character in its metadata ${tag()}.`, ...extra });
    const source = (extra: object) => ({ label: "SOURCED", sources: [{ url: "https://example.org/", ...extra }], expectedVersion: 1 });
    const cases: [string, string, string, unknown][] = [
      ["title", "POST", "/api/documents", body({ title: `Bad ${bad} title` })],
      ["publisher", "POST", "/api/documents", body({ publisher: `Pub${bad}` })],
      ["author", "POST", "/api/documents", body({ author: `Au${bad}thor` })],
      ["rationale", "PUT", `/api/claims/${c2.id}/verdict`, { label: "DISPUTED", rationale: `Wrong ${bad} figure`, expectedVersion: 1 }],
      ["reason", "PUT", `/api/claims/${c2.id}/verdict`, { label: "OPINION", reason: `Because ${bad}`, expectedVersion: 1 }],
      ["sources.0.title", "PUT", `/api/claims/${c2.id}/verdict`, source({ title: `T${bad}` })],
      ["sources.0.publisher", "PUT", `/api/claims/${c2.id}/verdict`, source({ publisher: `P${bad}` })],
      ["sources.0.quote", "PUT", `/api/claims/${c2.id}/verdict`, source({ quote: `Q${bad}` })],
      ["speaker", "PUT", `/api/claims/${c1.id}/attribution`, { speaker: `The ${bad} mayor`, expectedVersion: 1 }],
      ["cue", "PUT", `/api/claims/${c1.id}/attribution`, { cue: `said ${bad}`, expectedVersion: 1 }],
      ["reason", "POST", `/api/claims/${c3.id}/dismiss`, { reason: `no ${bad}`, expectedVersion: 1 }],
    ];
    const got: string[] = [];
    for (const [field, method, path, payload] of cases) {
      const res = await client.request(method, path, payload);
      got.push(`${method} ${path.replace(/\d+/g, ":id")} ${field}: ${res.status} ${res.json?.error?.code} ${Object.keys(res.json?.error?.fields ?? {}).join(",")}`);
    }
    const want = cases.map(([field, method, path]) => `${method} ${path.replace(/\d+/g, ":id")} ${field}: 422 INVALID ${field}`);
    expect(await storedState(d.id)).toEqual(before);
    expect(await teamDocuments()).toEqual(teamDocsBefore);
    expect(got).toEqual(want);
  });
});
