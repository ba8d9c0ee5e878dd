"use client";
import { useState } from "react";
import { callApi, type ApiError } from "@/components/api-client";

const MIN_LENGTH = 12; // lib/domain/password-policy decides; this only sets the input's hint
const FIELDS = ["currentPassword", "newPassword", "confirm"];

export function PasswordForm({ email }: { email: string }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fieldError = (name: string) => error?.fields?.[name];

  async function submit() {
    setDone(null);
    if (next !== confirm) {
      setError({ code: "INVALID", message: "The new password and its confirmation differ.", fields: { confirm: "This does not match the new password. Type it again." } });
      return;
    }
    setBusy(true);
    setError(null);
    const result = await callApi<{ ok: true; sessionsEnded: number }>("POST", "/api/me/password", { currentPassword: current, newPassword: next });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setCurrent("");
    setNext("");
    setConfirm("");
    const n = result.data.sessionsEnded;
    setDone(
      `Password changed. ${n === 0 ? "You had no other sessions." : `${n} other session${n === 1 ? " was" : "s were"} signed out.`} This browser stays signed in; API tokens keep working until you revoke them.`,
    );
  }

  const described = (name: string, hint?: string) => [fieldError(name) ? `pw-${name}-error` : null, hint ?? null].filter(Boolean).join(" ") || undefined;
  return (
    <form
      className="card"
      aria-labelledby="password-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="password-heading">Change password</h2>
      <p className="muted small">Changing it signs you out everywhere else, so use it if you think someone else knows your password.</p>
      {error && !FIELDS.some((f) => fieldError(f)) ? (
        <div className="banner error" role="alert">
          {error.message}
        </div>
      ) : null}
      {done ? (
        <div className="banner ok" role="status">
          ✓ {done}
        </div>
      ) : null}
      {/* For password managers: which account this password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <label htmlFor="pw-current">Current password</label>
      <input
        id="pw-current"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        required
        aria-invalid={!!fieldError("currentPassword")}
        aria-describedby={described("currentPassword")}
      />
      {fieldError("currentPassword") ? (
        <div className="field-error" id="pw-currentPassword-error">
          {fieldError("currentPassword")}
        </div>
      ) : null}
      <label htmlFor="pw-new">New password</label>
      <input
        id="pw-new"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        required
        minLength={MIN_LENGTH}
        aria-invalid={!!fieldError("newPassword")}
        aria-describedby={described("newPassword", "pw-new-hint")}
      />
      <div className="muted small" id="pw-new-hint">
        At least {MIN_LENGTH} characters. A few unrelated words make a strong password that is easy to remember.
      </div>
      {fieldError("newPassword") ? (
        <div className="field-error" id="pw-newPassword-error">
          {fieldError("newPassword")}
        </div>
      ) : null}
      <label htmlFor="pw-confirm">Confirm new password</label>
      <input
        id="pw-confirm"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        required
        aria-invalid={!!fieldError("confirm")}
        aria-describedby={described("confirm")}
      />
      {fieldError("confirm") ? (
        <div className="field-error" id="pw-confirm-error">
          {fieldError("confirm")}
        </div>
      ) : null}
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Changing…" : "Change password"}
        </button>
      </p>
    </form>
  );
}
