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
const blankAsAbsent = (v: unknown) => (v === "" || v === null ? undefined : v);

export const optionalHttpUrl = (what: string) => z.preprocess(blankAsAbsent, httpUrl(what).optional());

/** A calendar date as YYYY-MM-DD. */
export const optionalDate = (what: string) =>
  z.preprocess(blankAsAbsent, z.iso.date({ error: `${what} must be a real date written YYYY-MM-DD.` }).optional());

export const version = z
  .number({ error: "expectedVersion is required: send the claim's version you last saw." })
  .int()
  .min(1, { error: "expectedVersion must be 1 or more." });
