import "server-only";
import { after } from "next/server";
import { db, type Tx } from "./db";

// ClaimFragments (decision 0030): search's trigram index, beside Claim. A trigger copies claims in
// as they are inserted; an import instead marks its document pending in the same transaction and
// copies its claims right after the response, off the import's clock. Until then search reads the
// pending document's claims from Claim itself, so nothing is ever missing from a fragment search.

/** Pending documents older than this are copied by the next fragment search (the follow-up was lost: a restart mid-way). */
const STALE_PENDING_MS = 30_000;

/** Inside the import's transaction: its claims skip the copy trigger, and its document is marked pending. */
export async function deferFragments(tx: Tx, teamId: number, documentId: number) {
  await tx.$executeRaw`SELECT set_config('claimdesk.defer_fragments', 'on', true)`;
  await tx.$executeRaw`INSERT INTO "ClaimFragmentsPending" ("documentId", "teamId") VALUES (${documentId}, ${teamId})`;
}

const running = new Map<number, Promise<void>>();

/** Copies a pending document's claims into ClaimFragments and clears the mark, in one transaction; once at a time per document. */
export function indexFragments(teamId: number, documentId: number): Promise<void> {
  const current = running.get(documentId);
  if (current) return current;
  const task = db
    .$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO "ClaimFragments" ("claimId", "teamId", exact)
        SELECT id, "teamId", exact FROM "Claim" WHERE "documentId" = ${documentId} AND "teamId" = ${teamId}
        ON CONFLICT ("claimId") DO NOTHING`;
      await tx.$executeRaw`DELETE FROM "ClaimFragmentsPending" WHERE "documentId" = ${documentId} AND "teamId" = ${teamId}`;
    })
    .then(() => undefined)
    .finally(() => running.delete(documentId));
  running.set(documentId, task);
  return task;
}

/** Resolves once every copy started in this process has ended: a script (the seed) waits for it before it disconnects. */
export async function fragmentsSettled() {
  await Promise.allSettled([...running.values()]);
}

/** After the import's response (or at once outside a request), like the suggestions (decision 0012). */
export function scheduleFragments(teamId: number, documentId: number) {
  const task = () => indexFragments(teamId, documentId).catch((e) => console.error(`search fragments for document ${documentId} failed`, e));
  try {
    after(task);
  } catch {
    void task();
  }
}

/** The team's documents still pending after STALE_PENDING_MS, copied in the background (a follow-up lost to a restart). */
export async function catchUpFragments(teamId: number) {
  const stale = await db.$queryRaw<{ documentId: number }[]>`
    SELECT "documentId" FROM "ClaimFragmentsPending" WHERE "teamId" = ${teamId} AND since < now() - ${`${STALE_PENDING_MS} milliseconds`}::interval`;
  for (const { documentId } of stale) scheduleFragments(teamId, documentId);
}
