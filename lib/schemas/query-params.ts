// Query-string fields shared by the routes that take filters (exports, search): every value
// arrives as text, and a blank field means "not given".
import { z } from "zod";

export const blankAsAbsent = (v: unknown) => (v === "" || v === null ? undefined : v);

/** An optional id (a positive int4). */
export const queryId = (what: string) =>
  z.preprocess(
    blankAsAbsent,
    z
      .string({ error: `${what} must be an id (a positive whole number).` })
      .regex(/^[1-9][0-9]{0,9}$/, { error: `${what} must be an id (a positive whole number).` })
      .transform(Number)
      .refine((n) => n <= 2147483647, { error: `${what} must be an id (a positive whole number).` })
      .optional(),
  );

/** An optional calendar day, YYYY-MM-DD. */
export const queryDay = (what: string) => z.preprocess(blankAsAbsent, z.iso.date({ error: `${what} must be a real date written YYYY-MM-DD.` }).optional());
