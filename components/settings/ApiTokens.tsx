"use client";
import { useRef, useState } from "react";
import { callApi, type ApiError } from "@/components/api-client";
import { UtcTime } from "./UtcTime";

/** A token as GET /api/tokens returns it (never its secret). */
export type TokenView = {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

const EXPIRY_CHOICES: { value: string; label: string }[] = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "No expiry" },
];

function statusOf(t: TokenView, now: number): "Active" | "Expired" | "Revoked" {
  if (t.revokedAt) return "Revoked";
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return "Expired";
  return "Active";
}
// Text and a glyph, so the status never depends on colour alone.
const STATUS_CHIP = { Active: "SOURCED", Expired: "UNREVIEWED", Revoked: "DISPUTED" } as const;
const STATUS_GLYPH = { Active: "●", Expired: "⌛", Revoked: "✗" } as const;
const DANGER = { background: "var(--disputed)", borderColor: "var(--disputed)", color: "#fff", fontWeight: 600 } as const;

export function ApiTokens({ initial, now, roleName, teamName }: { initial: TokenView[]; now: number; roleName: string; teamName: string }) {
  const [tokens, setTokens] = useState(initial);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("90");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const fieldError = (f: string) => error?.fields?.[f];

  async function create() {
    setBusy(true);
    setError(null);
    setNotice(null);
    const result = await callApi<{ token: TokenView; secret: string }>("POST", "/api/tokens", {
      name,
      expiresInDays: expiry ? Number(expiry) : null,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setTokens((list) => [result.data.token, ...list]);
    setCreated({ name: result.data.token.name, secret: result.data.secret });
    setCopied(null);
    setName("");
    // Focus the secret so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => secretRef.current?.select());
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("yes");
    } catch {
      // No clipboard permission (or plain http): select it so Ctrl+C works.
      secretRef.current?.select();
      setCopied("failed");
    }
  }

  async function revoke(id: number) {
    setError(null);
    setNotice(null);
    const result = await callApi<{ token: TokenView }>("DELETE", `/api/tokens/${id}`);
    setConfirming(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setTokens((list) => list.map((t) => (t.id === id ? result.data.token : t)));
    setNotice(`Revoked “${result.data.token.name}”. Requests with it now get 401.`);
  }

  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted small">
        Scripts call the JSON API with the header <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you, with your role ({roleName}),
        in {teamName} only. Tokens cannot create tokens or change your password.
      </p>

      <form
        aria-label="Create an API token"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        {error && !fieldError("name") && !fieldError("expiresInDays") ? (
          <div className="banner error" role="alert">
            {error.message}
          </div>
        ) : null}
        <div className="row">
          <div>
            <label htmlFor="token-name">Token name</label>
            <input
              id="token-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. nightly export script"
              maxLength={100}
              required
              aria-invalid={!!fieldError("name")}
              aria-describedby={fieldError("name") ? "token-name-error" : undefined}
            />
            {fieldError("name") ? (
              <div className="field-error" id="token-name-error">
                {fieldError("name")}
              </div>
            ) : null}
          </div>
          <div style={{ flex: "0 0 170px" }}>
            <label htmlFor="token-expiry">Expires after</label>
            <select
              id="token-expiry"
              value={expiry}
              onChange={(e) => setExpiry(e.target.value)}
              aria-invalid={!!fieldError("expiresInDays")}
              aria-describedby={fieldError("expiresInDays") ? "token-expiry-error" : undefined}
            >
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            {fieldError("expiresInDays") ? (
              <div className="field-error" id="token-expiry-error">
                {fieldError("expiresInDays")}
              </div>
            ) : null}
          </div>
        </div>
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Creating…" : "Create token"}
          </button>
        </p>
      </form>

      {created ? (
        <div className="banner warn" role="status" data-testid="token-secret">
          <p>
            <strong>⚠ Copy the token “{created.name}” now.</strong> It will not be shown again: Claimdesk keeps only a fingerprint of it. If you
            lose it, revoke it and create a new one.
          </p>
          <label htmlFor="token-secret-value">Your new API token</label>
          <div style={{ display: "flex", gap: "0.4rem", alignItems: "center" }}>
            <input id="token-secret-value" ref={secretRef} value={created.secret} readOnly spellCheck={false} style={{ fontFamily: "var(--mono)", flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void copy()}>
              Copy
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              Done, hide it
            </button>
          </div>
          <div className="small" aria-live="polite">
            {copied === "yes" ? "✓ Copied to the clipboard." : copied === "failed" ? "Copying is blocked here: the token is selected, press Ctrl+C (⌘C)." : ""}
          </div>
        </div>
      ) : null}

      {notice ? (
        <div className="banner ok" role="status">
          ✓ {notice}
        </div>
      ) : null}

      {tokens.length === 0 ? (
        <p className="muted">You have no API tokens in this team.</p>
      ) : (
        <table className="doc-table" style={{ marginTop: "0.75rem" }}>
          <caption className="visually-hidden">Your API tokens in {teamName}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const status = statusOf(t, now);
              return (
                <tr key={t.id} data-token-id={t.id}>
                  <td style={{ overflowWrap: "anywhere" }}>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td className="small">
                    <UtcTime iso={t.createdAt} />
                  </td>
                  <td className="small">{t.lastUsedAt ? <UtcTime iso={t.lastUsedAt} /> : <span className="muted">never</span>}</td>
                  <td className="small">{t.expiresAt ? <UtcTime iso={t.expiresAt} /> : <span className="muted">never</span>}</td>
                  <td>
                    <span className={`chip ${STATUS_CHIP[status]}`} data-testid="token-status">
                      {STATUS_GLYPH[status]} {status}
                    </span>
                  </td>
                  <td>
                    {status === "Revoked" ? null : confirming === t.id ? (
                      <div role="group" aria-label={`Confirm revoking ${t.name}`} style={{ display: "flex", flexWrap: "wrap", gap: "0.3rem", alignItems: "center" }}>
                        <span className="small">Scripts using it stop working at once.</span>
                        <button type="button" style={DANGER} onClick={() => void revoke(t.id)}>
                          Yes, revoke
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </div>
                    ) : (
                      <button type="button" onClick={() => setConfirming(t.id)} aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
