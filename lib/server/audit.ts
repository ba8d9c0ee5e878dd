import "server-only";
import type { Prisma } from "@prisma/client";
import type { AuditAction } from "@/lib/domain/audit-actions";
import { db, type Tx } from "./db";

export type AuditEntry = {
  teamId?: number | null;
  actorId?: number | null;
  actorEmail?: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string | number;
  ip?: string | null;
  data?: Prisma.InputJsonValue;
};

/** Appends one audit row; pass the transaction so the row commits (or not) with the change it records. */
export async function audit(entry: AuditEntry, tx: Tx = db) {
  await tx.auditEvent.create({
    data: {
      teamId: entry.teamId ?? null,
      actorId: entry.actorId ?? null,
      actorEmail: entry.actorEmail ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      ip: entry.ip ?? null,
      data: entry.data ?? {},
    },
  });
}
