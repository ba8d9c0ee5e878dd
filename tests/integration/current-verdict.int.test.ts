// Claim.currentVerdictId (issue 13): the verdict with the highest version, kept by a trigger in the
// transaction that inserts a verdict, whoever inserts it (the API, a restore, a bulk load).
import { beforeAll, describe, expect, it } from "vitest";
import { writeVerdict } from "@/lib/server/claims";
import { db } from "@/lib/server/db";
import type { Member } from "@/lib/server/session";
import { importSample } from "../helpers/claimdesk";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";

let reviewer: Member;
let client: Client;

beforeAll(async () => {
  const { members } = await teamWith(["EDITOR"]);
  reviewer = members[0] as Member;
  client = await signIn(reviewer.email, PASSWORD);
});

const current = async (claimId: number) => (await db.claim.findUniqueOrThrow({ where: { id: claimId }, select: { currentVerdictId: true } })).currentVerdictId;
const newest = async (claimId: number) => (await db.verdict.findFirst({ where: { claimId }, orderBy: { version: "desc" }, select: { id: true } }))?.id ?? null;

describe("the current verdict of a claim", () => {
  it("is none before a verdict, then follows every verdict the API records, in the same transaction", async () => {
    const { doc } = await importSample(client);
    const claim = doc.claims[0];
    expect(await current(claim.id)).toBeNull();
    let version = claim.version;
    for (const [label, extra] of [["OPINION", {}], ["DISPUTED", { rationale: "The ministry's own figures say otherwise.", reason: "Checked the figures" }]] as const) {
      const res = await client.request("PUT", `/api/claims/${claim.id}/verdict`, { label, sources: [], expectedVersion: version, ...extra });
      expect(res.status).toBe(200);
      version = res.json.claim.version;
      const id = await current(claim.id);
      expect(id).not.toBeNull();
      expect(id).toBe(await newest(claim.id));
      expect((await db.verdict.findUniqueOrThrow({ where: { id: id! } })).label).toBe(label);
    }
  });

  it("is not replaced by a verdict of a lower version inserted later (an out-of-order bulk load)", async () => {
    const { doc } = await importSample(client);
    const claimId = doc.claims[1].id;
    const base = { teamId: reviewer.teamId, claimId, reviewerId: reviewer.userId };
    const high = await db.verdict.create({ data: { ...base, label: "OPINION", version: 5 } });
    expect(await current(claimId)).toBe(high.id);
    await db.verdict.create({ data: { ...base, label: "DISPUTED", rationale: "x", version: 3 } });
    expect(await current(claimId)).toBe(high.id);
    const higher = await db.verdict.create({ data: { ...base, label: "DISPUTED", rationale: "y", version: 6 } });
    expect(await current(claimId)).toBe(higher.id);
  });

  it("is set by the verdict statement in the same write of the claim row (the trigger then writes nothing)", async () => {
    const { doc } = await importSample(client);
    const claim = doc.claims[2];
    // Rows of "Claim" this transaction updated, counted by Postgres for this transaction alone.
    const updated = async (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) =>
      Number((await tx.$queryRaw<{ n: bigint }[]>`SELECT pg_stat_get_xact_tuples_updated('"Claim"'::regclass) AS n`)[0]!.n);
    await db.$transaction(async (tx) => {
      const before = await updated(tx);
      const dto = await writeVerdict(tx, { ...reviewer, via: "session", ip: null }, claim.id, { label: "OPINION", rationale: undefined, reason: undefined, sources: [], expectedVersion: claim.version });
      expect(await updated(tx)).toBe(before + 1);
      const row = await tx.claim.findUniqueOrThrow({ where: { id: claim.id }, select: { currentVerdictId: true } });
      expect(row.currentVerdictId).toBe(dto.verdict!.id);
    });
    expect(await current(claim.id)).toBe(await newest(claim.id));
  });
});
