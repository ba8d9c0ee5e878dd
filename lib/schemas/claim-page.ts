// GET /api/documents/:id/claims?from=&limit=: a page of a document's claims in reading order.
import { z } from "zod";
import { blankAsAbsent, INT4_MAX } from "./common";

export const CLAIM_PAGE_MAX = 500;
export const CLAIM_PAGE_DEFAULT = 200;

const whole = (what: string, min: number, max: number) =>
  z.preprocess(
    blankAsAbsent,
    z
      .string({ error: `${what} must be a whole number.` })
      .regex(/^[0-9]{1,10}$/, { error: `${what} must be a whole number from ${min} to ${max}.` })
      .transform(Number)
      .refine((n) => n >= min && n <= max, { error: `${what} must be a whole number from ${min} to ${max}.` })
      .optional(),
  );

export const claimPageQuery = z.object({
  /** A code-point offset in the text: the page starts with the first claim starting there or later. */
  from: whole("from", 0, INT4_MAX).transform((n) => n ?? 0),
  limit: whole("limit", 1, CLAIM_PAGE_MAX).transform((n) => n ?? CLAIM_PAGE_DEFAULT),
});
export type ClaimPageQuery = z.infer<typeof claimPageQuery>;
