// Search through HTTP against the real app and Postgres: stemming, phrases, partial words,
// highlights as safe fragments, every filter, paging and the capped total, dismissed claims, the
// tenancy rule (another team's claims and documents never appear), and 422s that say what to do.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { searchResultSchema, type SearchHit, type SearchResult } from "@/lib/schemas/search";
import type { Member } from "@/lib/server/session";
import { claimWithExact, expectError, importDoc, tag } from "../helpers/claimdesk";
import { PASSWORD, teamWith } from "../helpers/factories";
import { anonymous, signIn, type Client } from "../helpers/http";

const unique = `zq${tag().replace(/[^a-z]/g, "")}x`; // one lexeme, in team A's document title only
const S = {
  withdrew: "Rubio withdrew from the London talks on Monday, officials said.",
  withdrawal: "The withdrawal of troops began in March, the ministry confirmed.",
  withdraw: "Negotiators plan to withdraw the proposal before the summit.",
  grain: "Ukrainian farmers exported more grain than last year, the report said.",
  who: "The WHO reported 40 new cases in the region this week.",
  dismissed: "A dismissed sentence about the withdrawal that nobody should find now.",
  forged: "Forged \uE000markers\uE001 around a withdrawal stay plain text here.",
  funding: "The council debated the withdrawal of funding for buses on Tuesday.",
  budget: "Critics called the new budget a disgrace to the city.",
  teamB: "Team B also discussed the withdrawal of troops in secret.",
};

let editor: Member;
let reviewer: Member;
let e: Client;
let r: Client;
let b: Client;
const ids = {} as Record<keyof typeof S, number>;
let docA1: any;
let docA2: any;
let docB: any;

async function search(client: Client, query: string): Promise<SearchResult> {
  const res = await client.request("GET", `/api/search?${query}`);
  expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(200);
  return searchResultSchema.parse(res.json);
}
const q = (text: string, more = "") => `q=${encodeURIComponent(text)}${more ? `&${more}` : ""}`;
const hitIds = (r: SearchResult) => r.hits.map((h) => h.claimId).sort((x, y) => x - y);
const sorted = (...keys: (keyof typeof S)[]) => keys.map((k) => ids[k]).sort((x, y) => x - y);
const marked = (h: SearchHit) => h.highlight.map((f) => (f.hit ? `[${f.text}]` : f.text)).join("");
const hitOf = (r: SearchResult, key: keyof typeof S) => r.hits.find((h) => h.claimId === ids[key])!;

beforeAll(async () => {
  const teamA = await teamWith(["EDITOR", "REVIEWER"]);
  const teamB = await teamWith(["EDITOR"]);
  [editor, reviewer] = teamA.members as [Member, Member];
  [e, r, b] = await Promise.all([signIn(editor.email, PASSWORD), signIn(reviewer.email, PASSWORD), signIn(teamB.members[0]!.email, PASSWORD)]);
  const a1 = [S.withdrew, S.withdrawal, S.withdraw, S.grain, S.who, S.dismissed, S.forged].join(" ");
  docA1 = await importDoc(e, { title: `Talks in London ${tag()}`, text: a1 });
  docA2 = await importDoc(e, { title: `Budget hearing ${unique}`, publisher: "City Gazette", author: "Ana Ortiz", text: `${S.funding} ${S.budget}` });
  docB = await importDoc(b, { title: `Team B notes ${unique}`, text: S.teamB });
  for (const key of ["withdrew", "withdrawal", "withdraw", "grain", "who", "dismissed", "forged"] as const) ids[key] = claimWithExact(docA1, S[key]).id;
  for (const key of ["funding", "budget"] as const) ids[key] = claimWithExact(docA2, S[key]).id;
  ids.teamB = claimWithExact(docB, S.teamB).id;

  const put = async (c: Client, claimId: number, body: Record<string, unknown>) =>
    expect((await c.request("PUT", `/api/claims/${claimId}/verdict`, { expectedVersion: 1, ...body })).status).toBe(200);
  await put(e, ids.withdrew, { label: "SOURCED", sources: [{ url: "https://gov.example.org/statement" }] });
  await put(r, ids.withdrawal, { label: "DISPUTED", rationale: "The ministry's own log says April." });
  await put(r, ids.funding, { label: "OPINION" });
  expect((await e.request("POST", `/api/claims/${ids.dismissed}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
  // A verdict recorded in March 2025, for the date filter.
  await db.claim.update({ where: { id: ids.withdrawal }, data: { judgedAt: new Date("2025-03-10T12:00:00Z") } });
});

describe("matching", () => {
  it("stems words: “withdraw” finds withdraw and withdrawal (english keeps the irregular “withdrew” apart)", async () => {
    const res = await search(r, q("withdraw"));
    expect(hitIds(res)).toEqual(sorted("withdrawal", "withdraw", "forged", "funding"));
    expect(res.total).toEqual({ count: 4, capped: false });
    expect(res.nextOffset).toBeNull();
  });

  it("matches a half-typed last word as the start of a word, stems included", async () => {
    const res = await search(r, q("withdr"));
    expect(res.query.partial).toBe("withdr");
    expect(hitIds(res)).toEqual(sorted("withdrew", "withdrawal", "withdraw", "forged", "funding"));
    expect(marked(hitOf(res, "withdrew"))).toBe("Rubio [withdrew] from the London talks on Monday, officials said.");
    // "negotiat" is typed; the stored lexeme is "negoti".
    expect(hitIds(await search(r, q("negotiat")))).toEqual(sorted("withdraw"));
  });

  it("matches a fragment inside a word by trigrams, and marks it", async () => {
    const res = await search(r, q("krain"));
    expect(hitIds(res)).toEqual(sorted("grain"));
    expect(marked(res.hits[0]!)).toBe("U[krain]ian farmers exported more grain than last year, the report said.");
  });

  it("takes the words before the last one whole, and the last one as a prefix", async () => {
    expect(hitIds(await search(r, q("grain exp")))).toEqual(sorted("grain"));
    expect(hitIds(await search(r, q("troops with")))).toEqual(sorted("withdrawal")); // team B's troops stay out
    // Finished with a space or punctuation: whole words only.
    expect(hitIds(await search(r, q("farmers expo.")))).toEqual([]);
  });

  it("understands quoted phrases, or, and -word", async () => {
    expect(hitIds(await search(r, q('"london talks"')))).toEqual(sorted("withdrew"));
    expect(hitIds(await search(r, q('"talks london"')))).toEqual([]);
    expect(hitIds(await search(r, q("withdraw -troops")))).toEqual(sorted("withdraw", "forged", "funding"));
    expect(hitIds(await search(r, q("grain or budget")))).toEqual(sorted("grain", "budget"));
  });

  it("searches stop words as text when nothing else is left, and says so when even that is too short", async () => {
    const res = await search(r, q("WHO"));
    expect(res.hits.map((h) => h.claimId)).toContain(ids.who);
    expect(marked(hitOf(res, "who"))).toContain("[WHO]");
    const short = await search(r, q("it"));
    expect(short.hits).toEqual([]);
    expect(short.notice).toMatch(/3 or more letters/);
  });

  it("ranks the best match first", async () => {
    // Three forms of the word in one claim beat one.
    const doc = await importDoc(e, { title: `Ranking ${tag()}`, text: "The embargo was lifted in May. Embargo after embargo: the embargo rules changed again, a general said." });
    const res = await search(r, q("embargo"));
    expect(res.hits.map((h) => h.claimId)).toEqual([doc.claims[1].id, doc.claims[0].id]);
  });
});

describe("hits", () => {
  it("carry the claim, document, status, reviewer, time and highlight fragments (text, never HTML)", async () => {
    const res = await search(r, q("withdrawal"));
    const h = hitOf(res, "withdrawal");
    expect(h).toMatchObject({ documentId: docA1.id, documentTitle: docA1.title, exact: S.withdrawal, status: "DISPUTED", dismissed: false });
    expect(h.reviewer).toEqual({ id: reviewer.userId, name: reviewer.name });
    expect(h.judgedAt).toBe("2025-03-10T12:00:00.000Z");
    expect(h.highlight).toEqual([
      { text: "The ", hit: false },
      { text: "withdrawal", hit: true },
      { text: " of troops began in March, the ministry confirmed.", hit: false },
    ]);
    const unjudged = hitOf(await search(r, q("negotiators")), "withdraw");
    expect(unjudged).toMatchObject({ status: "UNREVIEWED", reviewer: null, judgedAt: null });
  });

  it("cannot be given fake hits by marker characters in the claim text", async () => {
    const h = hitOf(await search(r, q("markers")), "forged");
    expect(h.exact).toBe(S.forged);
    expect(marked(h)).toBe("Forged [markers] around a withdrawal stay plain text here.");
    expect(JSON.stringify(h.highlight)).not.toMatch(/[\uE000-\uE002]/);
  });

  it("show a long claim as passages around its hits", async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `Sentence ${i} talks about ordinary things in the town.`).join(" ");
    const text = `${filler} The treaty was signed by the envoy at dawn. ${filler}`;
    const doc = await importDoc(e, { title: `Long ${tag()}`, text: `${text}\nEnd.` });
    const added = await e.request("POST", `/api/documents/${doc.id}/claims`, { start: 0, end: Array.from(text).length });
    expect(added.status).toBe(201);
    const h = (await search(r, q("treaty"))).hits.find((x) => x.claimId === added.json.claim.id)!;
    const shown = h.highlight.map((f) => f.text).join("");
    expect(shown.length).toBeLessThan(600);
    expect(h.highlight.filter((f) => f.hit).map((f) => f.text)).toEqual(["treaty"]);
    expect(h.exact).toBe(text);
  });

  it("come with the team's documents whose title, publisher or author match (first page only)", async () => {
    const res = await search(r, q(unique));
    expect(res.documents.map((d) => d.id)).toEqual([docA2.id]);
    expect(res.documents[0]).toEqual({ id: docA2.id, title: docA2.title, publisher: "City Gazette", author: "Ana Ortiz", publishedAt: null });
    expect((await search(r, q("gazette"))).documents.map((d) => d.id)).toEqual([docA2.id]);
    expect((await search(r, q("ortiz"))).documents.map((d) => d.id)).toEqual([docA2.id]);
    expect((await search(r, q("gazette", "offset=1"))).documents).toEqual([]);
  });
});

describe("filters", () => {
  it("by verdict, one or several", async () => {
    expect(hitIds(await search(r, q("withdr", "status=SOURCED")))).toEqual(sorted("withdrew"));
    expect(hitIds(await search(r, q("withdr", "status=DISPUTED&status=OPINION")))).toEqual(sorted("withdrawal", "funding"));
    expect(hitIds(await search(r, q("withdr", "status=UNREVIEWED")))).toEqual(sorted("withdraw", "forged"));
  });

  it("by reviewer of the current verdict", async () => {
    expect(hitIds(await search(r, q("withdr", `reviewer=${reviewer.userId}`)))).toEqual(sorted("withdrawal", "funding"));
    expect(hitIds(await search(r, q("withdr", `reviewer=${editor.userId}`)))).toEqual(sorted("withdrew"));
  });

  it("by the day of the current verdict (UTC, to inclusive)", async () => {
    expect(hitIds(await search(r, q("withdr", "from=2025-03-10&to=2025-03-10")))).toEqual(sorted("withdrawal"));
    expect(hitIds(await search(r, q("withdr", "from=2025-03-11&to=2025-12-31")))).toEqual([]);
    // Ranges over 92 days are checked on the rows rather than through the index's day keys: same answers.
    expect(hitIds(await search(r, q("withdr", "from=2024-01-01&to=2025-03-10")))).toEqual(sorted("withdrawal"));
    expect(hitIds(await search(r, q("withdr", "to=2025-03-10")))).toEqual(sorted("withdrawal"));
    const today = new Date().toISOString().slice(0, 10);
    expect(hitIds(await search(r, q("withdr", `from=${today}`)))).toEqual(sorted("withdrew", "funding"));
  });

  it("by document", async () => {
    expect(hitIds(await search(r, q("withdr", `document=${docA2.id}`)))).toEqual(sorted("funding"));
  });

  it("leave dismissed candidates out unless asked", async () => {
    // "withdrawal" stems to "withdraw": the verb matches too.
    expect(hitIds(await search(r, q("withdrawal")))).toEqual(sorted("withdrawal", "withdraw", "forged", "funding"));
    const res = await search(r, q("withdrawal", "dismissed=1"));
    expect(hitIds(res)).toEqual(sorted("withdrawal", "withdraw", "dismissed", "forged", "funding"));
    expect(hitOf(res, "dismissed").dismissed).toBe(true);
  });
});

describe("paging", () => {
  it("pages by offset with a stable order, and says where the next page starts", async () => {
    const all = await search(r, q("withdr"));
    const first = await search(r, q("withdr", "limit=2"));
    const second = await search(r, q("withdr", "limit=2&offset=2"));
    const last = await search(r, q("withdr", "limit=2&offset=4"));
    expect(first.nextOffset).toBe(2);
    expect(second.nextOffset).toBe(4);
    expect(last.nextOffset).toBeNull();
    expect([...first.hits, ...second.hits, ...last.hits].map((h) => h.claimId)).toEqual(all.hits.map((h) => h.claimId));
    expect(first.total).toEqual({ count: 5, capped: false });
  });

  it("counts up to 1,000 and then says 1,000+", async () => {
    const sentence = (i: number) => `Bulk claim number ${i} mentions the quinoa harvest.`;
    const text = Array.from({ length: 1_005 }, (_, i) => sentence(i)).join(" ");
    await importDoc(e, { title: `Bulk ${tag()}`, text });
    const res = await search(r, q("quinoa", "limit=100&offset=900"));
    expect(res.total).toEqual({ count: 1_000, capped: true });
    expect(res.hits).toHaveLength(100);
    expect(res.nextOffset).toBeNull();
    expect((await search(r, q("quinoa", "status=SOURCED"))).total).toEqual({ count: 0, capped: false });
  });
});

describe("tenancy", () => {
  it("another team's claims never appear", async () => {
    const asB = await search(b, q("withdrawal"));
    expect(hitIds(asB)).toEqual([ids.teamB]);
    const asA = await search(r, q("secret"));
    expect(asA.hits).toEqual([]);
    expect((await search(r, q(unique))).documents.map((d) => d.id)).not.toContain(docB.id);
  });

  it("another team's document as a filter matches nothing (no 404: the id is not even looked up)", async () => {
    const res = await b.request("GET", `/api/search?${q("withdrawal", `document=${docA1.id}`)}`);
    expect(res.status).toBe(200);
    expect(res.json.hits).toEqual([]);
    expect(JSON.stringify(res.json)).not.toContain(docA1.title);
  });

  it("needs a session or token", async () => {
    expect((await anonymous().request("GET", `/api/search?${q("withdrawal")}`)).status).toBe(401);
  });
});

describe("bad input", () => {
  it.each([
    ["", "q", /Type a word or phrase/],
    ["q=%20%20", "q", /Type a word or phrase/],
    [`q=${"a".repeat(201)}`, "q", /at most 200 characters/],
    ["q=x&status=MAYBE", "status.0", /status must be one of UNREVIEWED, SOURCED, DISPUTED, OPINION/],
    ["q=x&reviewer=abc", "reviewer", /positive whole number/],
    ["q=x&document=-1", "document", /positive whole number/],
    ["q=x&from=2025-02-30", "from", /real date written YYYY-MM-DD/],
    ["q=x&from=2025-03-02&to=2025-03-01", "to", /swap them/],
    ["q=x&limit=0", "limit", /from 1 to 100/],
    ["q=x&limit=101", "limit", /from 1 to 100/],
    ["q=x&offset=1000", "offset", /from 0 to 999/],
    ["q=x&dismissed=yes", "dismissed", /0 .* or 1/],
  ])("?%s → 422 on %s", async (query, field, message) => {
    const error = expectError(await r.request("GET", `/api/search?${query}`), 422, "INVALID");
    expect(Object.keys(error.fields)).toEqual([field]);
    expect(error.fields[field]).toMatch(message);
    expect(error.message).toMatch(message);
  });

  it("survives text that is hard for the parser", async () => {
    for (const text of ["'", "\\", "a:*", "!!!", "(((", "“withdrawal”", "o'neill's", "-", "or", "  withdrawal  ", "🇺🇦 withdraw", "%_%"])
      expect((await r.request("GET", `/api/search?${q(text)}`)).status, text).toBe(200);
    expect(hitIds(await search(r, q("%_%")))).toEqual([]);
  });
});
