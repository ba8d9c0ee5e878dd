"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn, signOut } from "./auth";

/** Only same-site paths, so the sign-in page cannot be turned into an open redirect. */
function safeReturnPath(raw: FormDataEntryValue | null): string {
  const value = typeof raw === "string" ? raw : "";
  return value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/documents";
}

export async function signInAction(formData: FormData) {
  const returnTo = safeReturnPath(formData.get("callbackUrl"));
  try {
    await signIn("credentials", { email: formData.get("email"), password: formData.get("password"), redirectTo: returnTo });
  } catch (e) {
    // A successful sign-in throws Next's redirect, which must pass through.
    if (e instanceof AuthError) redirect(`/signin?error=credentials&callbackUrl=${encodeURIComponent(returnTo)}`);
    throw e;
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/signin" });
}
