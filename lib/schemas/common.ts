import { z } from "zod";
import { parseSourceUrl } from "@/lib/domain/urls";

/** Text PostgreSQL can store: no NUL character, no lone UTF-16 surrogate. */
export const storableText = (what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .refine((s) => !s.includes("\u0000"), { error: `${what} contains a NUL character: remove it (it often comes from pasting binary data).` })
    .refine((s) => s.isWellFormed(), { error: `${what} contains broken Unicode (a lone surrogate): retype or re-paste it.` });

/** Optional free text: trimmed; "" counts as absent (HTML forms send empty strings). */
export const optionalText = (max: number, what: string) =>
  storableText(what)
    .trim()
    .max(max, { error: `${what} is too long (at most ${max} characters).` })
    .optional()
    .nullable()
    .transform((s) => (s ? s : undefined));

export const requiredText = (max: number, what: string) =>
  storableText(what)
    .trim()
    .min(1, { error: `${what} is required.` })
    .max(max, { error: `${what} is too long (at most ${max} characters).` });

export const httpUrl = (what: string) =>
  z
    .string({ error: `${what} must be a link.` })
    .trim()
    .min(1, { error: `${what} is required.` })
    .max(2048, { error: `${what} is too long (at most 2048 characters).` })
    .transform((s, ctx) => {
      const url = parseSourceUrl(s);
      if (!url) {
        ctx.addIssue({ code: "custom", message: `${what} must be a full http:// or https:// address.` });
        return z.NEVER;
      }
      return url;
    });

/** "" and null count as absent, so the field's own message is what a bad value gets. */
export const blankAsAbsent = (v: unknown) => (v === "" || v === null ? undefined : v);

export const optionalHttpUrl = (what: string) => z.preprocess(blankAsAbsent, httpUrl(what).optional());

/**
 * The days a date may be: every day PostgreSQL and JavaScript both store, with a day to spare at
 * the end (a `to` day is inclusive: the query runs to the next midnight). Year 0000 does not exist
 * in PostgreSQL's calendar.
 */
export const DAY_RANGE = { min: "1000-01-01", max: "9999-12-30" } as const;

/** An optional calendar day, YYYY-MM-DD, within DAY_RANGE. */
export const optionalDate = (what: string) =>
  z.preprocess(
    blankAsAbsent,
    z.iso
      .date({ error: `${what} must be a real date written YYYY-MM-DD.` })
      .refine((d) => d >= DAY_RANGE.min && d <= DAY_RANGE.max, { error: `${what} must be between ${DAY_RANGE.min} and ${DAY_RANGE.max}.` })
      .optional(),
  );

/** The largest value of a PostgreSQL integer (int4) column: ids, versions, offsets. */
export const INT4_MAX = 2_147_483_647;

/** A whole number that fits the int4 column it is compared with (larger values would make PostgreSQL fail). */
export const int4 = (message: string, min: number) =>
  z
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(INT4_MAX, { error: message });

export const version = int4("expectedVersion must be the claim's version you last saw (a whole number from 1).", 1);

/** The id of a row in a JSON body. */
export const bodyId = (message: string) => int4(message, 1);
