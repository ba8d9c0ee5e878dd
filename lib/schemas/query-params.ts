// Query-string fields shared by the routes that take filters (exports, search, audit): every value
// arrives as text, and a blank field means "not given".
import { z } from "zod";
import { blankAsAbsent, INT4_MAX, optionalDate } from "./common";

export { blankAsAbsent };

/** An optional id (a positive int4). */
export const queryId = (what: string) =>
  z.preprocess(
    blankAsAbsent,
    z
      .string({ error: `${what} must be an id (a positive whole number).` })
      .regex(/^[1-9][0-9]{0,9}$/, { error: `${what} must be an id (a positive whole number).` })
      .transform(Number)
      .refine((n) => n <= INT4_MAX, { error: `${what} must be an id (a positive whole number).` })
      .optional(),
  );

/** An optional calendar day, YYYY-MM-DD, within DAY_RANGE. */
export const queryDay = (what: string) => optionalDate(what);
