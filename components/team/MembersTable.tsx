"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ROLE_NAMES, ROLES, type Role } from "@/lib/domain/permissions";
import { callApi } from "../api-client";

export type MemberRow = { userId: number; name: string; email: string; role: Role; joinedAt: string };

type Props = {
  members: MemberRow[];
  currentUserId: number;
  teamName: string;
  /** What the viewer's role allows; without either the table is read-only. */
  canChangeRole: boolean;
  canRemove: boolean;
};

type Notice = { kind: "ok" | "error"; text: string } | null;

export function MembersTable({ members, currentUserId, teamName, canChangeRole, canRemove }: Props) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const showActions = canChangeRole || canRemove;

  async function changeRole(m: MemberRow, role: Role) {
    setBusy(m.userId);
    setNotice(null);
    const result = await callApi<{ member: MemberRow }>("PATCH", `/api/team/members/${m.userId}`, { role });
    setBusy(null);
    if (!result.ok) return setNotice({ kind: "error", text: result.error.message });
    setNotice({ kind: "ok", text: `${m.name} is now ${ROLE_NAMES[role]}.` });
    router.refresh();
  }

  async function remove(m: MemberRow) {
    setBusy(m.userId);
    setNotice(null);
    const result = await callApi<{ removed: true }>("DELETE", `/api/team/members/${m.userId}`);
    setBusy(null);
    setConfirming(null);
    if (!result.ok) return setNotice({ kind: "error", text: result.error.message });
    setNotice({ kind: "ok", text: `${m.name} was removed from ${teamName}.` });
    router.refresh();
  }

  return (
    <>
      <div aria-live="polite">
        {notice ? (
          <div className={`banner ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} data-testid="members-notice">
            {notice.text}
          </div>
        ) : null}
      </div>
      <table className="doc-table" data-testid="members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            {showActions ? <th scope="col">Remove</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const self = m.userId === currentUserId;
            return (
              <tr key={m.userId} data-user-id={m.userId}>
                <td>
                  <strong>{m.name}</strong> {self ? <span className="muted small">(you)</span> : null}
                </td>
                <td className="small">{m.email}</td>
                <td>
                  {canChangeRole && !self ? (
                    // key: a refreshed role from the server resets the unsaved choice.
                    <RoleChanger key={m.role} member={m} disabled={busy === m.userId} onSave={(role) => void changeRole(m, role)} />
                  ) : (
                    <span className="chip" style={{ borderColor: "var(--line)" }}>
                      {ROLE_NAMES[m.role]}
                    </span>
                  )}
                  {canChangeRole && self ? <div className="muted small">Another admin can change your role.</div> : null}
                </td>
                <td className="small" style={{ whiteSpace: "nowrap" }}>
                  {m.joinedAt.slice(0, 10)}
                </td>
                {showActions ? (
                  <td style={{ minWidth: "13rem" }}>
                    {canRemove && !self ? (
                      confirming === m.userId ? (
                        <div role="group" aria-label={`Confirm removing ${m.name}`}>
                          <p className="small" style={{ margin: "0 0 0.3rem" }}>
                            Remove {m.name} from {teamName}? They lose access at once.
                          </p>
                          <div style={{ display: "flex", gap: "0.4rem", flexWrap: "wrap" }}>
                            <button
                              type="button"
                              className="primary"
                              disabled={busy === m.userId}
                              onClick={() => void remove(m)}
                              aria-label={`Yes, remove ${m.name}`}
                              autoFocus
                            >
                              Yes, remove
                            </button>
                            <button type="button" onClick={() => setConfirming(null)}>
                              Cancel
                            </button>
                          </div>
                        </div>
                      ) : (
                        <button type="button" onClick={() => setConfirming(m.userId)} aria-label={`Remove ${m.name}`}>
                          Remove…
                        </button>
                      )
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function RoleChanger({ member, disabled, onSave }: { member: MemberRow; disabled: boolean; onSave: (role: Role) => void }) {
  const [role, setRole] = useState<Role>(member.role);
  const id = `role-${member.userId}`;
  return (
    <form
      style={{ display: "flex", gap: "0.4rem", alignItems: "center" }}
      onSubmit={(e) => {
        e.preventDefault();
        onSave(role);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Role of {member.name}
      </label>
      <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)} style={{ width: "8rem", flex: "none" }}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_NAMES[r]}
          </option>
        ))}
      </select>
      <button type="submit" disabled={disabled || role === member.role} style={{ flex: "none" }} aria-label={`Save role of ${member.name}`}>
        Save
      </button>
    </form>
  );
}
