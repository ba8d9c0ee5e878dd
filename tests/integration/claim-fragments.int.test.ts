// Search's fragment fallback after an import (issue 13, decision 0030): the import leaves the trigram
// copy (ClaimFragments) for right after its response, and search still finds the new claims by a
// fragment at once, from Claim itself. The copy arrives within seconds; a lost follow-up is caught up
// by the next fragment search; claims inserted any other way are copied by the trigger at once; a
// failed import leaves no pending mark.
import { beforeAll, describe, expect, it } from "vitest";
import { deferFragments } from "@/lib/server/claim-fragments";
import { db } from "@/lib/server/db";
import { sweepDocumentWork } from "@/lib/server/jobs-handlers";
import type { Member } from "@/lib/server/session";
import { importDoc, tag } from "../helpers/claimdesk";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";

let editor: Member;
let e: Client;

beforeAll(async () => {
  const team = await teamWith(["EDITOR"]);
  editor = team.members[0]!;
  e = await signIn(editor.email, PASSWORD);
});

/** A word no other test writes, so that a fragment of it finds only this file's claims. */
const word = () => `Zorblat${tag().replace(/[^a-z]/g, "")}ovian`;
const fragmentSearch = async (fragment: string) => {
  const res = await e.request("GET", `/api/search?q=${encodeURIComponent(fragment)}`);
  expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(200);
  return (res.json.hits as { claimId: number }[]).map((h) => h.claimId).sort((a, b) => a - b);
};
const copied = (documentId: number) => db.$queryRaw<{ n: number }[]>`
  SELECT count(*)::int AS n FROM "ClaimFragments" f JOIN "Claim" c ON c.id = f."claimId" WHERE c."documentId" = ${documentId}`.then((r) => r[0]!.n);
const pending = (documentId: number) => db.claimFragmentsPending.count({ where: { documentId } });

async function eventually(check: () => Promise<boolean>, what: string) {
  // The document's job waits its turn behind the suite's other jobs (decision 0026): seconds, not minutes.
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 20 s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("search fragments after an import", () => {
  it("are copied within seconds of the response, and found by a fragment before and after", async () => {
    const w = word();
    const doc = await importDoc(e, { title: `Fragments ${tag()}`, text: `The ${w} delegation arrived on Monday. Nothing else happened that day, officials said.` });
    const claim = doc.claims.find((c: { exact: string }) => c.exact.includes(w)).id;
    expect(await fragmentSearch(w.slice(3, 12))).toEqual([claim]);
    await eventually(async () => (await copied(doc.id)) === doc.claims.length && (await pending(doc.id)) === 0, "the claims copied, the mark cleared");
    expect(await fragmentSearch(w.slice(3, 12))).toEqual([claim]);
  });

  it("of a document whose job was lost are read from Claim, and copied once the workers' sweep finds it", async () => {
    const w = word();
    const doc = await importDoc(e, { title: `Lost follow-up ${tag()}`, text: `The ${w} plan was approved. The vote was close, the council said.` });
    await eventually(async () => (await pending(doc.id)) === 0, "the first copy");
    // As if the process had stopped between the import's commit and its follow-up, a minute ago.
    await db.$executeRaw`DELETE FROM "ClaimFragments" f USING "Claim" c WHERE c.id = f."claimId" AND c."documentId" = ${doc.id}`;
    await db.$executeRaw`INSERT INTO "ClaimFragmentsPending" ("documentId", "teamId", since) VALUES (${doc.id}, ${editor.teamId}, now() - interval '1 minute')`;
    const claim = doc.claims.find((c: { exact: string }) => c.exact.includes(w)).id;
    expect(await fragmentSearch(w.slice(2, 11))).toEqual([claim]);
    // A search reschedules nothing: the workers' sweep (every WORK_SWEEP_MS) queues the document's job.
    expect(await pending(doc.id)).toBe(1);
    expect(await sweepDocumentWork()).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await copied(doc.id)) === doc.claims.length && (await pending(doc.id)) === 0, "copied by the document's job");
    expect(await fragmentSearch(w.slice(2, 11))).toEqual([claim]);
  });

  it("of claims inserted outside an import are copied by the trigger in the same statement", async () => {
    // Long enough for the claim inserted by hand: its span lies inside the text, as every claim's does.
    const doc = await importDoc(e, { title: `Trigger ${tag()}`, text: `A first sentence for the document, long enough to hold the claim that this test inserts by hand. ${tag()}` });
    await eventually(async () => (await pending(doc.id)) === 0, "the import's copy");
    const w = word();
    const [row] = await db.$queryRaw<{ id: number }[]>`
      INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, "updatedAt")
      VALUES (${editor.teamId}, ${doc.id}, 2, ${2 + `Inserted ${w} claim`.length}, ${`Inserted ${w} claim`}, '', '', now()) RETURNING id`;
    expect(await db.claimFragments.findUnique({ where: { claimId: row!.id } })).toMatchObject({ teamId: editor.teamId, exact: `Inserted ${w} claim` });
    expect(await fragmentSearch(w.slice(4, 13))).toEqual([row!.id]);
  });

  it("leave no pending mark when the import's transaction fails after marking", async () => {
    const doc = await importDoc(e, { title: `Rollback ${tag()}`, text: `One more sentence for the rollback case, long enough for the claims inserted by hand. ${tag()}` });
    await eventually(async () => (await pending(doc.id)) === 0, "the import's copy");
    await db.$executeRaw`DELETE FROM "ClaimFragments" f USING "Claim" c WHERE c.id = f."claimId" AND c."documentId" = ${doc.id}`;
    await expect(
      db.$transaction(async (tx) => {
        await deferFragments(tx, editor.teamId, doc.id);
        await tx.$executeRaw`INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, "updatedAt")
                             VALUES (${editor.teamId}, ${doc.id}, 2, 16, 'Deferred claim', '', '', now())`;
        expect(await tx.claimFragmentsPending.count({ where: { documentId: doc.id } })).toBe(1);
        await tx.$executeRaw`SELECT 1 / 0`;
      }),
    ).rejects.toThrow();
    expect(await pending(doc.id)).toBe(0);
    expect(await db.claim.count({ where: { documentId: doc.id, exact: "Deferred claim" } })).toBe(0);
    // And outside that transaction the trigger copies again (the setting was local to it).
    await db.$executeRaw`INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, "updatedAt")
                         VALUES (${editor.teamId}, ${doc.id}, 2, 14, 'Copied claim', '', '', now())`;
    expect(await db.claimFragments.count({ where: { exact: "Copied claim", teamId: editor.teamId } })).toBe(1);
  });
});
