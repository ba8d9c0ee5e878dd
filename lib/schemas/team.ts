import { z } from "zod";
import { ROLES } from "@/lib/domain/permissions";
import { MAX_PASSWORD_LENGTH } from "@/lib/domain/password-policy";
import { blankAsAbsent, optionalText } from "./common";

export const INVITATION_DAYS = { min: 1, max: 30, default: 7 } as const;

const role = z.enum(ROLES, { error: "role must be one of ADMIN, EDITOR or REVIEWER." });

/** Emails are stored lower-cased (User.email, Invitation.email), so compare them that way too. */
export const email = z
  .string({ error: (issue) => (issue.input === undefined ? "Email is required." : "Email must be text, like name@example.org.") })
  .trim()
  .toLowerCase()
  .min(1, { error: "Email is required." })
  .max(320, { error: "Email is too long (at most 320 characters)." })
  .pipe(z.email({ error: "Enter a full email address, like name@example.org." }));

/** "" and null count as absent (HTML forms send empty strings), so the default applies. */

export const invitationCreate = z.object({
  email,
  role,
  expiresInDays: z.preprocess(
    blankAsAbsent,
    z
      .number({ error: `expiresInDays must be a whole number of days from ${INVITATION_DAYS.min} to ${INVITATION_DAYS.max}.` })
      .int({ error: "expiresInDays must be a whole number of days." })
      .min(INVITATION_DAYS.min, { error: `An invitation must be valid for at least ${INVITATION_DAYS.min} day.` })
      .max(INVITATION_DAYS.max, { error: `An invitation can be valid for at most ${INVITATION_DAYS.max} days.` })
      .default(INVITATION_DAYS.default),
  ),
});
export type InvitationCreate = z.infer<typeof invitationCreate>;

export const roleChange = z.object({ role });
export type RoleChange = z.infer<typeof roleChange>;

// name and password are required only when the invitation creates a new account; the server
// decides that (it knows whether the email has an account) and answers 422 on those fields.
export const invitationAccept = z.object({
  token: z
    .string({ error: "token is required: send the part of the invitation link after /invite/." })
    .trim()
    .min(1, { error: "token is required: send the part of the invitation link after /invite/." })
    .max(200, { error: "token is too long: copy the invitation link again." }),
  name: optionalText(100, "Name"),
  password: z
    .string({ error: "Password must be text." })
    .max(MAX_PASSWORD_LENGTH, { error: `Use at most ${MAX_PASSWORD_LENGTH} characters.` })
    .optional()
    .nullable()
    .transform((s) => (s ? s : undefined)),
});
export type InvitationAccept = z.infer<typeof invitationAccept>;
