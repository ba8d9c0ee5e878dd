import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/domain/audit-actions";
import { blankAsAbsent, requiredText } from "./common";
import { queryDay, queryId } from "./query-params";

// Inputs of the account routes: API tokens, password change, the audit log's filters.
// Server-side only (the audit action list lives in lib/server/audit); the forms send plain values.

export const MAX_TOKEN_DAYS = 3650;

export const tokenCreate = z.object({
  name: requiredText(100, "Token name"),
  // null, absent or "" = the token never expires.
  expiresInDays: z.preprocess(
    blankAsAbsent,
    z
      .number({ error: "Expiry must be a whole number of days, or left out for a token that does not expire." })
      .int({ error: "Expiry must be a whole number of days." })
      .min(1, { error: "Expiry must be at least 1 day." })
      .max(MAX_TOKEN_DAYS, { error: `Expiry can be at most ${MAX_TOKEN_DAYS} days; leave it out for a token that does not expire.` })
      .optional(),
  ),
});
export type TokenCreate = z.infer<typeof tokenCreate>;

export const passwordChange = z.object({
  currentPassword: z
    .string({ error: "Type your current password." })
    .min(1, { error: "Type your current password." })
    .max(1024, { error: "That is not your current password." }),
  // Strength rules are in lib/domain/password-policy (they need the user's email).
  newPassword: z.string({ error: "Type a new password." }).min(1, { error: "Type a new password." }),
});
export type PasswordChange = z.infer<typeof passwordChange>;

/** GET /api/audit and the audit page's query string (every value arrives as text). */
export const auditQuery = z
  .object({
    action: z.preprocess(
      blankAsAbsent,
      z.enum(AUDIT_ACTIONS, { error: `Unknown action. Use one of: ${AUDIT_ACTIONS.join(", ")}.` }).optional(),
    ),
    actor: queryId("Actor"),
    from: queryDay("From"),
    to: queryDay("To"),
    before: z.preprocess(
      blankAsAbsent,
      z
        .string()
        .regex(/^[1-9][0-9]{0,18}$/, { error: "before must be an event id from a previous page's nextBefore." })
        .transform((s) => BigInt(s))
        .refine((n) => n <= 9223372036854775807n, { error: "before must be an event id from a previous page's nextBefore." })
        .optional(),
    ),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], error: "The “to” date is before the “from” date: swap them." });
export type AuditQuery = z.infer<typeof auditQuery>;
