import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { teamWith, PASSWORD } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import {
  claimWithExact,
  cpIndexOf,
  cpLength,
  cpSlice,
  expectError,
  getDoc,
  getHistory,
  importSample,
  SAMPLE_SENTENCES,
  storedState,
} from "../helpers/claimdesk";
import type { Member } from "@/lib/server/session";

const [S1, S2, S3, S4] = SAMPLE_SENTENCES;

let editor: Member;
let reviewer: Member;
let client: Client;
let reviewerClient: Client;

beforeAll(async () => {
  const { members } = await teamWith(["EDITOR", "REVIEWER"]);
  [editor, reviewer] = members as [Member, Member];
  [client, reviewerClient] = await Promise.all([signIn(editor.email, PASSWORD), signIn(reviewer.email, PASSWORD)]);
});

function expectAnchor(text: string, claim: any) {
  expect(claim.exact).toBe(cpSlice(text, claim.start, claim.end));
  expect(claim.prefix).toBe(cpSlice(text, Math.max(0, claim.start - 32), claim.start));
  expect(claim.suffix).toBe(cpSlice(text, claim.end, claim.end + 32));
}

describe("POST /api/documents/:id/claims", () => {
  it("adds a claim by code-point span, trimmed of surrounding white space", async () => {
    const { doc, text } = await importSample(client);
    // " hosted the summit " with the spaces on both sides selected.
    const start = cpIndexOf(text, " hosted the summit ");
    const end = start + cpLength(" hosted the summit ");
    const res = await client.request("POST", `/api/documents/${doc.id}/claims`, { start, end });
    expect(res.status).toBe(201);
    const claim = res.json.claim;
    // "Kyiv 🇺🇦 " is 8 code points (the flag is two) but 10 UTF-16 units.
    expect(claim).toMatchObject({
      documentId: doc.id,
      start: 8,
      end: 25,
      exact: "hosted the summit",
      prefix: "Kyiv 🇺🇦 ",
      status: "UNREVIEWED",
      version: 1,
      origin: "MANUAL",
      dismissed: false,
      verdict: null,
    });
    expect(claim.suffix).toBe(cpSlice(text, 25, 57));
    expect(claim.suffix.startsWith(" on Monday, officials said. The")).toBe(true);

    // Stored as returned, and PostgreSQL's substr agrees (code points).
    const rows = await db.$queryRaw<{ exact: string; sub: string }[]>`
      SELECT c.exact, substr(d.text, c.start + 1, c."end" - c.start) AS sub
      FROM "Claim" c JOIN "Document" d ON d.id = c."documentId" WHERE c.id = ${claim.id}`;
    expect(rows).toEqual([{ exact: "hosted the summit", sub: "hosted the summit" }]);

    const after = await getDoc(client, doc.id);
    expect(after.claims.find((c: any) => c.id === claim.id)).toEqual(claim);
    expect(after.progress.total).toBe(5);

    const { history } = await getHistory(client, claim.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: "CREATED", version: 1, actor: { id: editor.userId, name: editor.name }, data: { origin: "MANUAL" } });
  });

  it("adds a span made of an astral character (a flag) and one that spans several", async () => {
    const { doc, text } = await importSample(client);
    const flag = cpIndexOf(text, "🇺🇦");
    expect(flag).toBe(5);
    const one = await client.request("POST", `/api/documents/${doc.id}/claims`, { start: flag, end: flag + 2 });
    expect(one.status).toBe(201);
    expect(one.json.claim).toMatchObject({ start: 5, end: 7, exact: "🇺🇦", prefix: "Kyiv " });
    expectAnchor(text, one.json.claim);

    const s = cpIndexOf(text, "🇺🇦🇺🇦 flags");
    const two = await client.request("POST", `/api/documents/${doc.id}/claims`, { start: s, end: s + cpLength("🇺🇦🇺🇦 flags") });
    expect(two.status).toBe(201);
    expect(two.json.claim.exact).toBe("🇺🇦🇺🇦 flags");
    expectAnchor(text, two.json.claim);
  });

  it("refuses a span already covered by an open claim with 409 and the existing claim", async () => {
    const { doc, text } = await importSample(client);
    const start = cpIndexOf(text, "40 percent");
    const end = start + cpLength("40 percent");
    const first = await client.request("POST", `/api/documents/${doc.id}/claims`, { start, end });
    expect(first.status).toBe(201);
    const before = await storedState(doc.id);

    const again = await client.request("POST", `/api/documents/${doc.id}/claims`, { start, end });
    expect(expectError(again, 409, "CONFLICT").current.id).toBe(first.json.claim.id);
    // A selection that trims to the same span is the same claim.
    const padded = await client.request("POST", `/api/documents/${doc.id}/claims`, { start: start - 1, end: end + 1 });
    expect(expectError(padded, 409, "CONFLICT").current.id).toBe(first.json.claim.id);
    // Exactly a candidate sentence: that candidate.
    const s2 = claimWithExact(doc, S2);
    const sentence = await client.request("POST", `/api/documents/${doc.id}/claims`, { start: s2.start, end: s2.end });
    expect(expectError(sentence, 409, "CONFLICT").current.id).toBe(s2.id);

    expect(await storedState(doc.id)).toEqual(before);
  });

  it("creates one claim when the same span is submitted several times at once (a double click); the rest get 409", async () => {
    const { doc, text } = await importSample(client);
    const start = cpIndexOf(text, "the new bridge");
    const end = start + cpLength("the new bridge");
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => (i % 2 ? client : reviewerClient).request("POST", `/api/documents/${doc.id}/claims`, { start, end })),
    );
    const stored = await db.claim.count({ where: { documentId: doc.id, start, end, dismissedAt: null } });
    expect({ statuses: results.map((r) => r.status).sort(), stored }).toEqual({ statuses: [201, 409, 409, 409, 409], stored: 1 });
  });
});

describe("split", () => {
  it("splits an unreviewed candidate into two new claims and dismisses the original, with SPLIT in its history", async () => {
    const { doc, text } = await importSample(client);
    const original = claimWithExact(doc, S2);
    const at = cpIndexOf(text, " 40 percent"); // the space before "40": both parts are trimmed
    const res = await client.request("POST", `/api/claims/${original.id}/split`, { at, expectedVersion: 1 });
    expect(res.status).toBe(201);
    const { dismissed, created } = res.json;
    expect(dismissed).toMatchObject({ id: original.id, dismissed: true, version: 2, start: original.start, end: original.end, exact: S2 });
    expect(created).toHaveLength(2);
    const [a, b] = created;
    expect(a).toMatchObject({ exact: "The mayor said", start: original.start, end: at, origin: "SPLIT", version: 1, status: "UNREVIEWED", dismissed: false });
    expect(b).toMatchObject({ exact: "40 percent of buses now run on time!", start: at + 1, end: original.end, origin: "SPLIT", version: 1 });
    expectAnchor(text, a);
    expectAnchor(text, b);

    const after = await getDoc(client, doc.id);
    expect(after.claims.find((c: any) => c.id === original.id)).toMatchObject({ dismissed: true, version: 2 });
    expect(after.claims.filter((c: any) => !c.dismissed).map((c: any) => c.exact)).toEqual([S1, "The mayor said", "40 percent of buses now run on time!", S3, S4]);
    expect(after.progress.total).toBe(5);

    const h = await getHistory(client, original.id);
    expect(h.history.map((e: any) => e.kind)).toEqual(["FOUND", "SPLIT"]);
    expect(h.history[1]).toMatchObject({ version: 2, actor: { id: editor.userId }, data: { into: [a.id, b.id], at } });
    const ha = await getHistory(client, a.id);
    expect(ha.history).toEqual([expect.objectContaining({ kind: "CREATED", version: 1, data: { origin: "SPLIT", from: original.id } })]);
  });

  it("splitting next to a flag works when the position is on the character's edge", async () => {
    const { doc, text } = await importSample(client);
    const c4 = claimWithExact(doc, S4);
    const at = cpIndexOf(text, " flags along");
    const res = await client.request("POST", `/api/claims/${c4.id}/split`, { at, expectedVersion: 1 });
    expect(res.status).toBe(201);
    expect(res.json.created.map((c: any) => c.exact)).toEqual(["Crowds waved 🇺🇦🇺🇦", "flags along the river all afternoon and evening long."]);
    res.json.created.forEach((c: any) => expectAnchor(text, c));
  });

  it("refuses to split a claim with a verdict, a dismissed claim, or at a stale version; nothing changes", async () => {
    const { doc, text } = await importSample(client);
    const c1 = claimWithExact(doc, S1);
    const c2 = claimWithExact(doc, S2);
    const c3 = claimWithExact(doc, S3);
    expect((await client.request("PUT", `/api/claims/${c1.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    expect((await client.request("POST", `/api/claims/${c2.id}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
    const before = await storedState(doc.id);

    const mid = (c: any) => cpIndexOf(text, " ", text.indexOf(c.exact));
    expectError(await client.request("POST", `/api/claims/${c1.id}/split`, { at: mid(c1), expectedVersion: 2 }), 409, "CONFLICT");
    expectError(await client.request("POST", `/api/claims/${c2.id}/split`, { at: mid(c2), expectedVersion: 2 }), 409, "CONFLICT");
    const stale = expectError(await client.request("POST", `/api/claims/${c3.id}/split`, { at: mid(c3), expectedVersion: 7 }), 409, "CONFLICT");
    expect(stale.current).toMatchObject({ id: c3.id, version: 1 });
    // Positions at or outside the claim's ends are not a split.
    for (const at of [c3.start, c3.end, c3.end + 3])
      expect(expectError(await client.request("POST", `/api/claims/${c3.id}/split`, { at, expectedVersion: 1 }), 422, "INVALID").fields).toHaveProperty("at");

    expect(await storedState(doc.id)).toEqual(before);
  });
});

describe("merge", () => {
  it("merges two unreviewed candidates into one covering both; both originals are dismissed with MERGED in their history", async () => {
    const { doc, text } = await importSample(client);
    const c1 = claimWithExact(doc, S1);
    const c3 = claimWithExact(doc, S3);
    // Merge the later one with the earlier one: the result spans from the first start to the last end.
    const res = await client.request("POST", `/api/claims/${c3.id}/merge`, { withClaimId: c1.id, expectedVersion: 1 });
    expect(res.status).toBe(201);
    const { dismissed, created } = res.json;
    expect(dismissed.map((c: any) => [c.id, c.dismissed, c.version])).toEqual([
      [c3.id, true, 2],
      [c1.id, true, 2],
    ]);
    expect(created).toMatchObject({ start: c1.start, end: c3.end, exact: `${S1} ${S2} ${S3}`, origin: "MERGE", version: 1, status: "UNREVIEWED", dismissed: false });
    expectAnchor(text, created);

    const after = await getDoc(client, doc.id);
    expect(after.claims.filter((c: any) => !c.dismissed).map((c: any) => c.id)).toEqual(
      expect.arrayContaining([created.id, claimWithExact(doc, S2).id, claimWithExact(doc, S4).id]),
    );
    expect(after.claims.filter((c: any) => c.dismissed).map((c: any) => c.id).sort()).toEqual([c1.id, c3.id].sort());

    for (const id of [c1.id, c3.id]) {
      const h = await getHistory(client, id);
      expect(h.history.map((e: any) => e.kind)).toEqual(["FOUND", "MERGED"]);
      expect(h.history[1]).toMatchObject({ version: 2, data: { into: created.id }, actor: { id: editor.userId } });
    }
    const hc = await getHistory(client, created.id);
    expect(hc.history).toEqual([expect.objectContaining({ kind: "CREATED", data: { origin: "MERGE", from: [c3.id, c1.id] } })]);
  });

  it("refuses to merge with a reviewed, dismissed or the same claim, one of another document, or at a stale version", async () => {
    const { doc } = await importSample(client);
    const { doc: otherDoc } = await importSample(client);
    const [c1, c2, c3, c4] = [S1, S2, S3, S4].map((s) => claimWithExact(doc, s));
    expect((await client.request("PUT", `/api/claims/${c2.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    expect((await client.request("POST", `/api/claims/${c3.id}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
    const before = await storedState(doc.id);
    const beforeOther = await storedState(otherDoc.id);

    const merge = (id: number, withClaimId: number, expectedVersion = 1) =>
      client.request("POST", `/api/claims/${id}/merge`, { withClaimId, expectedVersion });
    expectError(await merge(c1.id, c2.id), 409, "CONFLICT"); // the other has a verdict
    expectError(await merge(c2.id, c1.id, 2), 409, "CONFLICT"); // this one has a verdict
    expectError(await merge(c1.id, c3.id), 409, "CONFLICT"); // the other is dismissed
    expect(expectError(await merge(c1.id, c1.id), 422, "INVALID").fields).toHaveProperty("withClaimId");
    expect(expectError(await merge(c1.id, claimWithExact(otherDoc, S1).id), 422, "INVALID").fields).toHaveProperty("withClaimId");
    expect(expectError(await merge(c1.id, 2147483647), 422, "INVALID").fields).toHaveProperty("withClaimId");
    const stale = expectError(await merge(c1.id, c4.id, 5), 409, "CONFLICT");
    expect(stale.current).toMatchObject({ id: c1.id, version: 1 });

    expect(await storedState(doc.id)).toEqual(before);
    expect(await storedState(otherDoc.id)).toEqual(beforeOther);
  });
});

describe("dismiss and restore", () => {
  it("dismisses with a reason and restores, each a new version recorded in the history", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S3);
    const d = await client.request("POST", `/api/claims/${c.id}/dismiss`, { reason: "A question, not a claim.", expectedVersion: 1 });
    expect(d.status).toBe(200);
    expect(d.json.claim).toMatchObject({ id: c.id, dismissed: true, version: 2, status: "UNREVIEWED" });
    expect((await getDoc(client, doc.id)).progress.total).toBe(3);

    // A dismissed claim takes no verdict.
    const v = expectError(await client.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: 2 }), 409, "CONFLICT");
    expect(v.current).toMatchObject({ id: c.id, dismissed: true, version: 2 });

    // Restoring needs the current version.
    expectError(await reviewerClient.request("POST", `/api/claims/${c.id}/restore`, { expectedVersion: 1 }), 409, "CONFLICT");
    const r = await reviewerClient.request("POST", `/api/claims/${c.id}/restore`, { expectedVersion: 2 });
    expect(r.status).toBe(200);
    expect(r.json.claim).toMatchObject({ id: c.id, dismissed: false, version: 3 });
    expect((await getDoc(client, doc.id)).progress.total).toBe(4);

    // Restoring a claim that is not dismissed is a conflict, and changes nothing.
    const before = await storedState(doc.id);
    expectError(await client.request("POST", `/api/claims/${c.id}/restore`, { expectedVersion: 3 }), 409, "CONFLICT");
    expect(await storedState(doc.id)).toEqual(before);

    const { claim, history } = await getHistory(client, c.id);
    expect(claim).toMatchObject({ version: 3, dismissed: false });
    expect(history.map((e: any) => [e.kind, e.version, e.reason, e.actor?.id ?? null])).toEqual([
      ["FOUND", 1, null, null],
      ["DISMISSED", 2, "A question, not a claim.", editor.userId],
      ["RESTORED", 3, null, reviewer.userId],
    ]);
  });

  it("refuses a dismissal at a stale version with 409 and the current claim", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S1);
    expect((await client.request("POST", `/api/claims/${c.id}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
    const before = await storedState(doc.id);
    const res = expectError(await reviewerClient.request("POST", `/api/claims/${c.id}/dismiss`, { reason: "me too", expectedVersion: 1 }), 409, "CONFLICT");
    expect(res.current).toMatchObject({ id: c.id, version: 2, dismissed: true });
    expect(await storedState(doc.id)).toEqual(before);
  });
});

describe("attribution", () => {
  it("records speaker and cue as a new version with the change in the history", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S2);
    // The import's detector already found the speaker; the editor widens the cue.
    expect(c).toMatchObject({ speaker: "The mayor", cue: "said", attributionBy: "DETECTOR" });
    const res = await client.request("PUT", `/api/claims/${c.id}/attribution`, { speaker: "  The mayor ", cue: "The mayor said", expectedVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.json.claim).toMatchObject({ id: c.id, speaker: "The mayor", cue: "The mayor said", version: 2 });
    const cleared = await client.request("PUT", `/api/claims/${c.id}/attribution`, { speaker: "", expectedVersion: 2 });
    expect(cleared.status).toBe(200);
    expect(cleared.json.claim).toMatchObject({ speaker: null, cue: null, version: 3 });

    const { history } = await getHistory(client, c.id);
    expect(history.slice(1)).toEqual([
      expect.objectContaining({ kind: "ATTRIBUTION", version: 2, data: { from: { speaker: "The mayor", cue: "said" }, to: { speaker: "The mayor", cue: "The mayor said" } } }),
      expect.objectContaining({ kind: "ATTRIBUTION", version: 3, data: { from: { speaker: "The mayor", cue: "The mayor said" }, to: { speaker: null, cue: null } } }),
    ]);
  });

  it("is an editor's right: a reviewer gets 403 and nothing changes", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S4);
    expectError(await reviewerClient.request("PUT", `/api/claims/${c.id}/attribution`, { speaker: "Me", expectedVersion: 1 }), 403, "FORBIDDEN");
    expect(await db.claim.findUnique({ where: { id: c.id }, select: { speaker: true, version: true } })).toEqual({ speaker: null, version: 1 });
  });

  it("lets exactly one of simultaneous edits at the same version through", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S4);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.request("PUT", `/api/claims/${c.id}/attribution`, { speaker: `Speaker ${i}`, expectedVersion: 1 })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.json.claim;
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.error.current).toMatchObject({ version: 2, speaker: winner.speaker });
    expect(await db.claimEvent.count({ where: { claimId: c.id, kind: "ATTRIBUTION" } })).toBe(1);
    expect((await db.claim.findUniqueOrThrow({ where: { id: c.id } })).version).toBe(2);
  });
});
