import { dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// ~49,000 passwords seen most often in breaches (zxcvbn-ts's common list), lower-cased.
let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase())));

/** Why a new password is refused, in words a user can act on; null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a strong, memorable password.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return "This password is on a list of common passwords that attackers try first. Choose another.";
  if (new Set(lower).size < 4) return "This password repeats too few characters. Choose another.";
  if (context.email && lower.includes(context.email.toLowerCase().split("@")[0]!) && context.email.split("@")[0]!.length >= 4)
    return "The password must not contain your email name. Choose another.";
  return null;
}
