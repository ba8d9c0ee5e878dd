"use client";
import { useState } from "react";
import { signInAction } from "@/lib/server/actions";
import { callApi, type ApiError } from "../api-client";

/** A new account from an invitation: name and password, then signed in straight away. */
export function AcceptInvitationForm({ token, email, teamName }: { token: string; email: string; teamName: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fieldError = (name: string) => error?.fields?.[name];

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const password = String(data.get("password") ?? "");
    if (password !== data.get("repeat")) {
      setError({ code: "INVALID", message: "The two passwords differ. Type the same password in both fields.", fields: { repeat: "Not the same as the password above." } });
      return;
    }
    setBusy(true);
    setError(null);
    const result = await callApi<{ teamId: number; teamName: string }>("POST", "/api/invitations/accept", { token, name: data.get("name"), password });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    // The account exists now: the ordinary sign-in, which redirects to the documents.
    const signIn = new FormData();
    signIn.set("email", email);
    signIn.set("password", password);
    signIn.set("callbackUrl", "/documents");
    await signInAction(signIn);
  }

  const describedBy = (name: string, hint?: string) => [hint, fieldError(name) ? `acc-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const errorFor = (name: string) =>
    fieldError(name) ? (
      <div className="field-error" id={`acc-${name}-error`}>
        {fieldError(name)}
      </div>
    ) : null;

  return (
    <form
      className="card"
      aria-labelledby="accept-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <h2 id="accept-heading">Create your account</h2>
      {error ? (
        <div className="banner error" role="alert">
          {error.message}
        </div>
      ) : null}
      <label htmlFor="acc-email">Email</label>
      <input id="acc-email" name="email" type="email" value={email} readOnly autoComplete="username" aria-describedby="acc-email-hint" />
      <div className="muted small" id="acc-email-hint">
        The invitation is for this address; you will sign in with it.
      </div>
      <label htmlFor="acc-name">Your name</label>
      <input id="acc-name" name="name" required maxLength={100} autoComplete="name" autoFocus aria-invalid={!!fieldError("name")} aria-describedby={describedBy("name")} />
      {errorFor("name")}
      <label htmlFor="acc-password">Password</label>
      <input
        id="acc-password"
        name="password"
        type="password"
        required
        minLength={12}
        autoComplete="new-password"
        aria-invalid={!!fieldError("password")}
        aria-describedby={describedBy("password", "acc-password-hint")}
      />
      <div className="muted small" id="acc-password-hint">
        At least 12 characters, and not a common password. A few unrelated words work well.
      </div>
      {errorFor("password")}
      <label htmlFor="acc-repeat">Password again</label>
      <input
        id="acc-repeat"
        name="repeat"
        type="password"
        required
        autoComplete="new-password"
        aria-invalid={!!fieldError("repeat")}
        aria-describedby={describedBy("repeat")}
      />
      {errorFor("repeat")}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Creating your account…" : `Create account and join ${teamName}`}
      </button>
    </form>
  );
}
