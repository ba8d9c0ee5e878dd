"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ROLE_NAMES, ROLES, type Role } from "@/lib/domain/permissions";
import { callApi, type ApiError } from "../api-client";

type Created = { email: string; role: Role; expiresAt: string; link: string };

export function InviteForm({ teamName }: { teamName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const fieldError = (name: string) => error?.fields?.[name];

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const days = String(data.get("expiresInDays") ?? "").trim();
    setBusy(true);
    setError(null);
    setCreated(null);
    setCopied(null);
    const result = await callApi<{ invitation: { email: string; role: Role; expiresAt: string }; token: string }>("POST", "/api/team/invitations", {
      email: data.get("email"),
      role: data.get("role"),
      // A number when it looks like one; otherwise as typed, so the server says what is wrong.
      expiresInDays: days === "" ? undefined : Number.isFinite(Number(days)) ? Number(days) : days,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const { invitation, token } = result.data;
    // The link as this browser reaches the app; the token is never shown again.
    setCreated({ ...invitation, link: `${window.location.origin}/invite/${token}` });
    form.reset();
    router.refresh();
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.link);
      setCopied("Link copied. Send it to them by email or chat.");
    } catch {
      // No clipboard access (plain http, or permission refused): select it for Ctrl+C instead.
      linkRef.current?.select();
      setCopied("The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  }

  return (
    <form
      className="card"
      aria-labelledby="invite-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <h2 id="invite-heading">Invite someone</h2>
      <p className="muted small" style={{ marginTop: 0 }}>
        Claimdesk sends no email: you get a link to send to them yourself. It works once.
      </p>
      {error ? (
        <div className="banner error" role="alert">
          {error.message}
        </div>
      ) : null}
      {created ? (
        <div className="banner ok" role="status" data-testid="invite-created">
          <p style={{ margin: "0 0 0.4rem" }}>
            <strong>Invitation created</strong> for {created.email} as {ROLE_NAMES[created.role]} in {teamName}. Copy the link now: it is shown only
            this once, and works until {created.expiresAt.slice(0, 10)}.
          </p>
          <label htmlFor="invite-link">Invitation link</label>
          <input id="invite-link" ref={linkRef} readOnly value={created.link} onFocus={(e) => e.currentTarget.select()} />
          <p style={{ margin: "0.4rem 0 0" }}>
            <button type="button" onClick={() => void copy()}>
              Copy link
            </button>{" "}
            <span aria-live="polite" className="small">
              {copied}
            </span>
          </p>
        </div>
      ) : null}
      <label htmlFor="inv-email">Email</label>
      <input
        id="inv-email"
        name="email"
        type="email"
        required
        maxLength={320}
        autoComplete="off"
        aria-invalid={!!fieldError("email")}
        aria-describedby={fieldError("email") ? "inv-email-error" : undefined}
      />
      {fieldError("email") ? (
        <div className="field-error" id="inv-email-error">
          {fieldError("email")}
        </div>
      ) : null}
      <div className="row">
        <div>
          <label htmlFor="inv-role">Role</label>
          <select id="inv-role" name="role" defaultValue="REVIEWER" aria-invalid={!!fieldError("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="inv-days">Valid for (days)</label>
          <input
            id="inv-days"
            name="expiresInDays"
            type="number"
            min={1}
            max={30}
            step={1}
            defaultValue={7}
            aria-invalid={!!fieldError("expiresInDays")}
            aria-describedby="inv-days-hint"
          />
        </div>
      </div>
      <div className="muted small" id="inv-days-hint">
        1 to 30 days.
      </div>
      {fieldError("role") ? <div className="field-error">{fieldError("role")}</div> : null}
      {fieldError("expiresInDays") ? <div className="field-error">{fieldError("expiresInDays")}</div> : null}
      <p className="small muted">Admins manage members and invitations; editors import articles and edit attributions; reviewers record verdicts.</p>
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Creating…" : "Create invitation link"}
        </button>
      </p>
    </form>
  );
}
