import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signInLimitFrom, throttledMessage } from "@/lib/domain/sign-in-throttling";
import { signInAction } from "@/lib/server/actions";
import { getMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string; retry?: string; limit?: string }> }) {
  const { error, callbackUrl, retry, limit } = await searchParams;
  const retryAfter = Number(retry);
  if (await getMember()) redirect("/");
  return (
    <main className="signin">
      <h1>Claimdesk</h1>
      <p className="muted">Sign in to review claims with your team.</p>
      <form action={signInAction} className="card">
        {error === "throttled" ? (
          <div className="banner error" role="alert" data-testid="signin-throttled">
            {throttledMessage(signInLimitFrom(limit), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 15 * 60)}
          </div>
        ) : error === "Configuration" ? (
          <div className="banner error" role="alert">
            Signing in failed on our side, not because of your email or password. Try again in a moment.
          </div>
        ) : error ? (
          <div className="banner error" role="alert">
            That email and password do not match an account. Check both and try again.
          </div>
        ) : null}
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
