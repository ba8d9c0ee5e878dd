import "server-only";
import { cookies } from "next/headers";
import { passwordProblem } from "@/lib/domain/password-policy";
import type { PasswordChange } from "@/lib/schemas/account";
import { audit } from "./audit";
import { db } from "./db";
import { DEVICE_COOKIE, knownDevice } from "./device-cookie";
import { AppError, invalid } from "./errors";
import { hashPassword, verifyPassword } from "./passwords";
import type { Member } from "./session";
import { recordSignInFailure, recordSignInSuccess, signInRefusal } from "./throttle";

export const PASSWORD_CHANGE_REFUSED = "API tokens cannot change passwords. Change your password in the browser, in Settings.";

/**
 * Refuses requests made with an API token (403) and returns the browser session's id. A token is
 * meant for scripts: a leaked one must not be able to take over the account or mint more tokens.
 * Call it before parsing the body, so a token gets the same answer whatever it sends.
 */
export function requireBrowserSession(member: Member, message: string): string {
  if (member.via !== "session" || !member.sessionId) throw new AppError("FORBIDDEN", message);
  return member.sessionId;
}

/**
 * Changes the signed-in user's password and ends every other browser session of theirs, so a
 * session someone else holds (a shared computer, a stolen cookie) stops working at once. The
 * current session stays signed in. API tokens are left alone: they are revoked one by one.
 */
export async function changePassword(member: Member, input: PasswordChange): Promise<{ sessionsEnded: number }> {
  const currentSession = requireBrowserSession(member, PASSWORD_CHANGE_REFUSED);

  // Wrong current passwords count as failed sign-ins for this email, so a stolen session cannot be
  // used to guess the password faster than the sign-in page allows. This browser's device cookie
  // counts as on the sign-in page: someone else's failures do not stop its owner (0014).
  const attempt = { email: member.email, ip: member.ip ?? null, device: knownDevice(member.email, (await cookies()).get(DEVICE_COOKIE)?.value) };
  const refusal = await signInRefusal(attempt);
  if (refusal)
    throw invalid({ currentPassword: `Too many wrong passwords. Wait ${Math.ceil(refusal.retryAfter / 60)} minute(s), then try again.` });

  const user = await db.user.findUnique({ where: { id: member.userId }, select: { passwordHash: true, email: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your account no longer exists. Sign in again.");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordSignInFailure(attempt);
    throw invalid({ currentPassword: "That is not your current password. Type it again (check Caps Lock)." });
  }
  await recordSignInSuccess(attempt);

  if (input.newPassword === input.currentPassword)
    throw invalid({ newPassword: "The new password is the same as the current one. Choose a different password." });
  const problem = passwordProblem(input.newPassword, { email: user.email });
  if (problem) throw invalid({ newPassword: problem });

  // argon2 takes a while: hash before the transaction, not inside it.
  const passwordHash = await hashPassword(input.newPassword);
  const sessionsEnded = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: member.userId }, data: { passwordHash } });
    const { count } = await tx.userSession.updateMany({
      where: { userId: member.userId, revokedAt: null, id: { not: currentSession } },
      data: { revokedAt: new Date() },
    });
    // No team: the password belongs to the user, and every team they are in sees the row.
    await audit({ action: "password.change", actorId: member.userId, actorEmail: user.email, ip: member.ip, targetType: "user", targetId: member.userId, data: { sessionsEnded: count } }, tx);
    return count;
  });
  return { sessionsEnded };
}
