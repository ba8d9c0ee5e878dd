import { z } from "zod";
import { blankAsAbsent, queryDay, queryId } from "./query-params";

// GET /api/agreement and the /agreement page (decision 0023): every value arrives as text. from/to
// are UTC days (to inclusive) on the day each second review was submitted.

export const AGREEMENT_FORMATS = ["csv", "json"] as const;
export type AgreementFormat = (typeof AGREEMENT_FORMATS)[number];

export const agreementQuery = z
  .object({
    format: z.preprocess(
      blankAsAbsent,
      z.enum(AGREEMENT_FORMATS, { error: "format must be csv or json (a download), or left out for the figures as JSON." }).optional(),
    ),
    document: queryId("document"),
    from: queryDay("from"),
    to: queryDay("to"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], error: "The “to” date is before the “from” date: swap them." });
export type AgreementQuery = z.infer<typeof agreementQuery>;
export type AgreementFilters = Omit<AgreementQuery, "format">;
