"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ROLE_NAMES, type Role } from "@/lib/domain/permissions";
import { callApi } from "../api-client";

type Status = "PENDING" | "ACCEPTED" | "REVOKED" | "EXPIRED";
export type InvitationRow = {
  id: number;
  email: string;
  role: Role;
  status: Status;
  createdAt: string;
  expiresAt: string;
  invitedBy: { userId: number; name: string };
};

// The status is always written out; the colour (borrowed from the verdict chips) only repeats it.
const STATUS: Record<Status, { text: string; chip: string }> = {
  PENDING: { text: "Pending", chip: "UNREVIEWED" },
  ACCEPTED: { text: "Accepted", chip: "SOURCED" },
  REVOKED: { text: "Revoked", chip: "DISPUTED" },
  EXPIRED: { text: "Expired", chip: "" },
};

export function InvitationsTable({ invitations }: { invitations: InvitationRow[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  async function revoke(inv: InvitationRow) {
    setBusy(inv.id);
    setNotice(null);
    const result = await callApi<{ invitation: InvitationRow }>("DELETE", `/api/team/invitations/${inv.id}`);
    setBusy(null);
    if (!result.ok) return setNotice({ kind: "error", text: result.error.message });
    setNotice({ kind: "ok", text: `The invitation for ${inv.email} is revoked: its link no longer works.` });
    router.refresh();
  }

  if (!invitations.length)
    return (
      <p className="muted" data-testid="invitations">
        No invitations yet. Create one with the form.
      </p>
    );
  return (
    <>
      <div aria-live="polite">
        {notice ? (
          <div className={`banner ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
            {notice.text}
          </div>
        ) : null}
      </div>
      <table className="doc-table" data-testid="invitations">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Invited</th>
            <th scope="col">Valid until</th>
            <th scope="col">Revoke</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((inv) => (
            <tr key={inv.id} data-invitation-id={inv.id}>
              <td className="small">{inv.email}</td>
              <td className="small">{ROLE_NAMES[inv.role]}</td>
              <td>
                <span className={`chip ${STATUS[inv.status].chip}`} style={STATUS[inv.status].chip ? undefined : { borderColor: "var(--line)" }}>
                  {STATUS[inv.status].text}
                </span>
              </td>
              <td className="small">
                <span style={{ whiteSpace: "nowrap" }}>{inv.createdAt.slice(0, 10)}</span>
                <div className="muted">by {inv.invitedBy.name}</div>
              </td>
              <td className="small" style={{ whiteSpace: "nowrap" }}>
                {inv.expiresAt.slice(0, 10)}
              </td>
              <td>
                {inv.status === "PENDING" ? (
                  <button type="button" disabled={busy === inv.id} onClick={() => void revoke(inv)} aria-label={`Revoke the invitation for ${inv.email}`}>
                    Revoke
                  </button>
                ) : (
                  <span className="muted small">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
