import { z } from "zod";
import { parseSourceUrl } from "@/lib/domain/urls";

/** Optional free text: trimmed; "" counts as absent (HTML forms send empty strings). */
export const optionalText = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .trim()
    .max(max, { error: `${what} is too long (at most ${max} characters).` })
    .optional()
    .nullable()
    .transform((s) => (s ? s : undefined));

export const requiredText = (max: number, what: string) =>
  z
    .string({ error: `${what} is required.` })
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

export const optionalHttpUrl = (what: string) =>
  z.union([z.literal("").transform(() => undefined), httpUrl(what)]).optional().nullable().transform((s) => s ?? undefined);

/** A calendar date as YYYY-MM-DD. */
export const optionalDate = (what: string) =>
  z
    .union([z.literal("").transform(() => undefined), z.iso.date({ error: `${what} must be a date written YYYY-MM-DD.` })])
    .optional()
    .nullable()
    .transform((s) => s ?? undefined);

export const version = z
  .number({ error: "expectedVersion is required: send the claim's version you last saw." })
  .int()
  .min(1, { error: "expectedVersion must be 1 or more." });

export const idParam = z.coerce.number().int().positive().max(2147483647);
