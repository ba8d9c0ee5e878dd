import "server-only";
import { db, type Tx } from "./db";

// ClaimFragments (decision 0030): search's trigram index, beside Claim. A trigger copies claims in
// as they are inserted; an import instead marks its document pending in the same transaction, and
// the document's job (lib/server/jobs-handlers.ts, decision 0026) copies its claims off the import's
// clock. Until then search reads the pending document's claims from Claim itself, so nothing is ever
// missing from a fragment search.

/** A document pending for longer than this lost its job (a killed worker mid-way): the sweep queues another. */
export const STALE_PENDING_MS = 30_000;

/** Inside the import's transaction: its claims skip the copy trigger, and its document is marked pending. */
export async function deferFragments(tx: Tx, teamId: number, documentId: number) {
  await tx.$executeRaw`SELECT set_config('claimdesk.defer_fragments', 'on', true)`;
  await tx.$executeRaw`INSERT INTO "ClaimFragmentsPending" ("documentId", "teamId") VALUES (${documentId}, ${teamId})`;
}

/**
 * Copies a pending document's claims into ClaimFragments and clears the mark, in one transaction
 * (nothing to do when no mark is left). Returns how many claims were copied.
 */
export async function indexFragments(teamId: number, documentId: number): Promise<number> {
  return db.$transaction(async (tx) => {
    const cleared = await tx.$executeRaw`DELETE FROM "ClaimFragmentsPending" WHERE "documentId" = ${documentId} AND "teamId" = ${teamId}`;
    if (!cleared) return 0;
    return tx.$executeRaw`
      INSERT INTO "ClaimFragments" ("claimId", "teamId", exact)
      SELECT id, "teamId", exact FROM "Claim" WHERE "documentId" = ${documentId} AND "teamId" = ${teamId}
      ON CONFLICT ("claimId") DO NOTHING`;
  });
}
