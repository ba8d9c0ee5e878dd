import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { teamWith, PASSWORD } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { claimWithExact, expectError, getDoc, getHistory, importSample, SAMPLE_SENTENCES, storedState } from "../helpers/claimdesk";
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

const put = (c: Client, claimId: number, body: unknown) => c.request("PUT", `/api/claims/${claimId}/verdict`, body);

const SOURCE = {
  url: "https://stats.example.org/buses/2025",
  title: "Bus punctuality 2025",
  publisher: "City Statistics Office",
  quote: "40.2% of departures were on time.",
  accessedAt: "2025-04-20",
};

describe("PUT /api/claims/:id/verdict: the rules of each label", () => {
  it("OPINION needs nothing more", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S3);
    const res = await put(reviewerClient, c.id, { label: "OPINION", expectedVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.json.claim).toMatchObject({ id: c.id, status: "OPINION", version: 2 });
    expect(res.json.claim.verdict).toMatchObject({ label: "OPINION", rationale: null, reason: null, version: 2, sources: [], reviewer: { id: reviewer.userId, name: reviewer.name } });
  });

  it("DISPUTED needs a rationale (422 on rationale without one, blank counts as none)", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S2);
    const before = await storedState(doc.id);
    for (const body of [{ label: "DISPUTED", expectedVersion: 1 }, { label: "DISPUTED", rationale: "   ", expectedVersion: 1 }]) {
      const error = expectError(await put(client, c.id, body), 422, "INVALID");
      expect(Object.keys(error.fields)).toEqual(["rationale"]);
    }
    expect(await storedState(doc.id)).toEqual(before);

    const ok = await put(client, c.id, { label: "DISPUTED", rationale: "City data says 28 percent.", expectedVersion: 1 });
    expect(ok.status).toBe(200);
    expect(ok.json.claim).toMatchObject({ status: "DISPUTED", version: 2, verdict: { label: "DISPUTED", rationale: "City data says 28 percent." } });
  });

  it("SOURCED needs at least one source with an http(s) URL, kept with all its fields and in order", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S2);
    const before = await storedState(doc.id);
    expect(Object.keys(expectError(await put(client, c.id, { label: "SOURCED", expectedVersion: 1 }), 422, "INVALID").fields)).toEqual(["sources"]);
    expect(Object.keys(expectError(await put(client, c.id, { label: "SOURCED", sources: [], expectedVersion: 1 }), 422, "INVALID").fields)).toEqual(["sources"]);
    expect(await storedState(doc.id)).toEqual(before);

    const second = { url: "http://archive.example.net/page?id=7" };
    const res = await put(client, c.id, { label: "SOURCED", sources: [SOURCE, second], rationale: "Matches the office's figure.", expectedVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.json.claim).toMatchObject({ status: "SOURCED", version: 2 });
    expect(res.json.claim.verdict.sources).toEqual([SOURCE, { url: second.url, title: null, publisher: null, quote: null, accessedAt: null }]);
    const stored = await db.source.findMany({ where: { verdictId: res.json.claim.verdict.id }, orderBy: { position: "asc" } });
    expect(stored.map((s) => [s.position, s.url])).toEqual([
      [0, SOURCE.url],
      [1, second.url],
    ]);
  });

  it("OPINION and DISPUTED may carry sources too", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S1);
    const res = await put(client, c.id, { label: "DISPUTED", rationale: "The summit was on Tuesday.", sources: [SOURCE], expectedVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.json.claim.verdict.sources).toEqual([SOURCE]);
  });
});

describe("changing a verdict", () => {
  it("needs a reason; the old verdict stays in the history with its sources and the status follows the newest", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S2);
    const first = await put(client, c.id, { label: "SOURCED", sources: [SOURCE], expectedVersion: 1 });
    expect(first.status).toBe(200);
    const firstVerdict = first.json.claim.verdict;

    // Without a reason: 422 on reason, nothing stored.
    const before = await storedState(doc.id);
    for (const reason of [undefined, "", "  "]) {
      const error = expectError(await put(reviewerClient, c.id, { label: "DISPUTED", rationale: "Newer data: 28%.", reason, expectedVersion: 2 }), 422, "INVALID");
      expect(Object.keys(error.fields)).toEqual(["reason"]);
    }
    // Even the same label again needs a reason (it replaces the verdict).
    expect(Object.keys(expectError(await put(client, c.id, { label: "SOURCED", sources: [SOURCE], expectedVersion: 2 }), 422, "INVALID").fields)).toEqual(["reason"]);
    expect(await storedState(doc.id)).toEqual(before);

    const second = await put(reviewerClient, c.id, { label: "DISPUTED", rationale: "Newer data: 28%.", reason: "The office revised its figure.", expectedVersion: 2 });
    expect(second.status).toBe(200);
    expect(second.json.claim).toMatchObject({ status: "DISPUTED", version: 3 });
    expect(second.json.claim.verdict).toMatchObject({ label: "DISPUTED", reason: "The office revised its figure.", version: 3, sources: [], reviewer: { id: reviewer.userId } });

    const third = await put(client, c.id, { label: "OPINION", reason: "It is a paraphrase of the mayor's view.", expectedVersion: 3 });
    expect(third.json.claim).toMatchObject({ status: "OPINION", version: 4 });

    const { claim, history } = await getHistory(client, c.id);
    expect(claim).toMatchObject({ status: "OPINION", version: 4 });
    expect(history.map((e: any) => [e.kind, e.version, e.label ?? null])).toEqual([
      ["FOUND", 1, null],
      ["VERDICT", 2, "SOURCED"],
      ["VERDICT", 3, "DISPUTED"],
      ["VERDICT", 4, "OPINION"],
    ]);
    // The first verdict is intact, sources and all.
    expect(history[1]).toMatchObject({ id: firstVerdict.id, sources: [SOURCE], reason: null, actor: { id: editor.userId } });
    expect(history[2]).toMatchObject({ rationale: "Newer data: 28%.", reason: "The office revised its figure.", actor: { id: reviewer.userId } });
    // History is oldest first in time as well.
    const times = history.slice(1).map((e: any) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // The document view shows the newest verdict as current.
    const shown = (await getDoc(client, doc.id)).claims.find((x: any) => x.id === c.id);
    expect(shown).toMatchObject({ status: "OPINION", version: 4, verdict: { label: "OPINION", version: 4 } });
    expect(await db.verdict.count({ where: { claimId: c.id } })).toBe(3);
    expect(await db.source.count({ where: { verdictId: firstVerdict.id } })).toBe(1);
  });

  it("keeps every claim's status equal to its newest verdict in the database", async () => {
    const { doc } = await importSample(client);
    const [c1, c2, c3] = [S1, S2, S3].map((s) => claimWithExact(doc, s));
    await put(client, c1.id, { label: "OPINION", expectedVersion: 1 });
    await put(client, c1.id, { label: "DISPUTED", rationale: "r", reason: "changed", expectedVersion: 2 });
    await put(client, c2.id, { label: "SOURCED", sources: [SOURCE], expectedVersion: 1 });
    await put(client, c3.id, { label: "DISPUTED", rationale: "x", expectedVersion: 1 });
    const rows = await db.$queryRaw<{ id: number; status: string; newest: string }[]>`
      SELECT c.id, c.status::text AS status,
             COALESCE((SELECT v.label::text FROM "Verdict" v WHERE v."claimId" = c.id ORDER BY v.version DESC LIMIT 1), 'UNREVIEWED') AS newest
      FROM "Claim" c WHERE c."documentId" = ${doc.id} ORDER BY c.start`;
    expect(rows.map((r) => r.status)).toEqual(["DISPUTED", "SOURCED", "DISPUTED", "UNREVIEWED"]);
    expect(rows.filter((r) => r.status !== r.newest)).toEqual([]);
    // And each verdict's version is the claim version it produced.
    const claim = await db.claim.findUniqueOrThrow({ where: { id: c1.id }, include: { verdicts: { orderBy: { version: "asc" } } } });
    expect(claim.verdicts.map((v) => v.version)).toEqual([2, 3]);
    expect(claim.version).toBe(3);
  });
});

describe("append-only history and immutable text, enforced by the database", () => {
  it("refuses UPDATE and DELETE on Verdict, Source and ClaimEvent, and changing a document's text", async () => {
    const { doc, text } = await importSample(client);
    const c = claimWithExact(doc, S2);
    const v = await put(client, c.id, { label: "SOURCED", sources: [SOURCE], expectedVersion: 1 });
    expect(v.status).toBe(200);
    await client.request("POST", `/api/claims/${c.id}/dismiss`, { reason: "test", expectedVersion: 2 });
    const verdictId: number = v.json.claim.verdict.id;
    const before = await storedState(doc.id);
    expect(before.verdicts).toHaveLength(1);
    expect(before.events).toHaveLength(1);

    await expect(db.$executeRawUnsafe(`UPDATE "Verdict" SET rationale = 'rewritten' WHERE id = $1`, verdictId)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`UPDATE "Verdict" SET label = 'OPINION' WHERE id = $1`, verdictId)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "Verdict" WHERE id = $1`, verdictId)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`UPDATE "Source" SET url = 'https://evil.example' WHERE "verdictId" = $1`, verdictId)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "Source" WHERE "verdictId" = $1`, verdictId)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`UPDATE "ClaimEvent" SET reason = 'x' WHERE "claimId" = $1`, c.id)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "ClaimEvent" WHERE "claimId" = $1`, c.id)).rejects.toThrow(/append-only/);
    // Through Prisma's own API as well.
    await expect(db.verdict.update({ where: { id: verdictId }, data: { rationale: "rewritten" } })).rejects.toThrow(/append-only/);

    await expect(db.$executeRawUnsafe(`UPDATE "Document" SET text = 'replaced text' WHERE id = $1`, doc.id)).rejects.toThrow(/immutable/);
    await expect(db.$executeRawUnsafe(`UPDATE "Document" SET text = text || ' more', length = length + 5 WHERE id = $1`, doc.id)).rejects.toThrow(/immutable/);

    expect(await storedState(doc.id)).toEqual(before);
    expect(before.document?.text).toBe(text);
  });
});

describe("optimistic lock", () => {
  it("a second reviewer saving over a version they did not see gets 409 with the first one's verdict; nothing of theirs is stored", async () => {
    const { doc } = await importSample(client);
    const id = claimWithExact(doc, S1).id;
    // Both load the claim at the same version.
    const [seenA, seenB] = await Promise.all([getDoc(client, doc.id), getDoc(reviewerClient, doc.id)]);
    const v = seenA.claims.find((c: any) => c.id === id).version;
    expect(seenB.claims.find((c: any) => c.id === id).version).toBe(v);

    const a = await put(client, id, { label: "DISPUTED", rationale: "It was Tuesday.", sources: [SOURCE], expectedVersion: v });
    expect(a.status).toBe(200);
    expect(a.json.claim.version).toBe(v + 1);
    const before = await storedState(doc.id);

    const b = await put(reviewerClient, id, { label: "OPINION", reason: "I think so", expectedVersion: v });
    const error = expectError(b, 409, "CONFLICT");
    expect(error.current).toMatchObject({ id, version: v + 1, status: "DISPUTED" });
    expect(error.current.verdict).toEqual(a.json.claim.verdict);

    expect(await storedState(doc.id)).toEqual(before);
    const { history } = await getHistory(reviewerClient, id);
    expect(history.filter((e: any) => e.kind === "VERDICT")).toHaveLength(1);

    // Saving again with the version from the 409 goes through.
    const retry = await put(reviewerClient, id, { label: "OPINION", reason: "I think so", expectedVersion: error.current.version });
    expect(retry.status).toBe(200);
    expect(retry.json.claim.version).toBe(v + 2);
  });

  it("of ten simultaneous saves at the same version exactly one succeeds; nine get 409 and one verdict row is added", async () => {
    const { doc } = await importSample(client);
    const id = claimWithExact(doc, S4).id;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        put(i % 2 ? client : reviewerClient, id, { label: "DISPUTED", rationale: `Attempt ${i}`, sources: [{ url: `https://example.org/${i}` }], expectedVersion: 1 }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status === 409);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = ok[0]!.json.claim;
    expect(winner.version).toBe(2);
    for (const r of conflicts) {
      expect(r.json.error.code).toBe("CONFLICT");
      expect(r.json.error.current).toMatchObject({ id, version: 2 });
      expect(r.json.error.current.verdict).toEqual(winner.verdict);
    }
    const verdicts = await db.verdict.findMany({ where: { claimId: id }, include: { sources: true } });
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.rationale).toBe(winner.verdict.rationale);
    expect(verdicts[0]!.sources).toHaveLength(1);
    expect(await db.source.count({ where: { verdict: { claimId: id } } })).toBe(1);
    expect((await db.claim.findUniqueOrThrow({ where: { id } })).version).toBe(2);
  });
});

describe("HTML and script in verdicts", () => {
  it("stores rationale, reason and source fields verbatim and returns them as data", async () => {
    const { doc } = await importSample(client);
    const c = claimWithExact(doc, S2);
    const rationale = `<script>alert("rationale")</script><img src=x onerror=alert(1)> & "quotes"`;
    const source = { url: "https://example.org/?q=<b>x</b>", title: `<a href="javascript:alert(1)">click</a>`, publisher: "<i>Pub</i>", quote: "</textarea><script>1</script>" };
    const res = await put(client, c.id, { label: "SOURCED", rationale, sources: [source], expectedVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.json.claim.verdict.rationale).toBe(rationale);
    const saved = res.json.claim.verdict.sources[0];
    expect(saved).toMatchObject({ title: source.title, publisher: source.publisher, quote: source.quote });
    // The URL is normalised (percent-encoded) by URL parsing, so no raw markup survives in it.
    expect(saved.url).toBe(new URL(source.url).href);
    expect(saved.url).not.toContain("<");

    const reason = `<svg onload=alert(2)>`;
    const changed = await put(client, c.id, { label: "DISPUTED", rationale, reason, expectedVersion: 2 });
    expect(changed.json.claim.verdict.reason).toBe(reason);

    const row = await db.verdict.findFirstOrThrow({ where: { claimId: c.id, version: 2 }, include: { sources: true } });
    expect(row.rationale).toBe(rationale);
    expect(row.sources[0]!.title).toBe(source.title);
    const { history } = await getHistory(client, c.id);
    expect(history[1]).toMatchObject({ rationale, sources: [expect.objectContaining({ title: source.title })] });
    expect(history[2]).toMatchObject({ reason });
  });
});
