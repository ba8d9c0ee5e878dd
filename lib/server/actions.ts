"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { cookies, headers } from "next/headers";
import { signIn, signOut } from "./auth";
import { ipFrom } from "./request";
import { signInRefusal } from "./throttle";
import { DEVICE_COOKIE, knownDevice } from "./device-cookie";
import { db } from "./db";
import { getMember, teamCookie } from "./session";

/** Only same-site paths, so the sign-in page cannot be turned into an open redirect. */
function safeReturnPath(raw: FormDataEntryValue | null): string {
  const value = typeof raw === "string" ? raw : "";
  return value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

export async function signInAction(formData: FormData) {
  const returnTo = safeReturnPath(formData.get("callbackUrl"));
  const email = String(formData.get("email") ?? "");
  const device = knownDevice(email, (await cookies()).get(DEVICE_COOKIE)?.value);
  const refusal = await signInRefusal({ email, ip: ipFrom(await headers()), device });
  if (refusal) redirect(`/signin?error=throttled&limit=${refusal.limit}&retry=${refusal.retryAfter}&callbackUrl=${encodeURIComponent(returnTo)}`);
  try {
    await signIn("credentials", { email: formData.get("email"), password: formData.get("password"), redirectTo: returnTo });
  } catch (e) {
    // A successful sign-in throws Next's redirect, which must pass through.
    if (e instanceof AuthError) {
      const throttled = "code" in e && e.code === "throttled";
      redirect(`/signin?error=${throttled ? "throttled" : "credentials"}&callbackUrl=${encodeURIComponent(returnTo)}`);
    }
    throw e;
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/signin" });
}

/** Makes another of the user's teams the current one (every query is scoped to it). */
export async function switchTeamAction(formData: FormData) {
  const member = await getMember();
  if (!member) redirect("/signin");
  const teamId = Number(formData.get("teamId"));
  const membership = await db.membership.findFirst({ where: { userId: member.userId, teamId }, select: { teamId: true } });
  if (membership) {
    const c = teamCookie(membership.teamId);
    (await cookies()).set(c.name, c.value, c.options);
  }
  redirect("/documents");
}
