"use client";
import Link from "next/link";
import { useState } from "react";
import type { NotificationDto } from "@/lib/server/notifications";
import { callApi } from "./api-client";
import { utcText } from "./settings/UtcTime";

const GLYPH: Record<NotificationDto["kind"], string> = { ASSIGNED: "➜", RETURNED: "↩", APPROVED: "✓", DUE_SOON: "⏰" };

export function NotificationList({ initial, unread: initialUnread }: { initial: NotificationDto[]; unread: number }) {
  const [items, setItems] = useState(initial);
  const [unread, setUnread] = useState(initialUnread);
  async function read(ids?: number[]) {
    const r = await callApi<{ unread: number }>("POST", "/api/notifications/read", ids ? { ids } : {});
    if (!r.ok) return;
    setUnread(r.data.unread);
    setItems((list) => list.map((n) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n)));
  }
  if (!items.length)
    return (
      <div className="card empty">
        <p>
          <strong>No notifications yet.</strong>
        </p>
        <p>You will hear here when a document is assigned to you, a verdict of yours is returned, a document you worked on is approved, or an assignment is due.</p>
      </div>
    );
  return (
    <>
      <p className="muted" aria-live="polite">
        {unread ? `${unread} unread.` : "All read."}{" "}
        {unread ? (
          <button type="button" className="small" onClick={() => void read()}>
            Mark all read
          </button>
        ) : null}
      </p>
      <ul className="notifications" data-testid="notifications">
        {items.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"} data-testid="notification">
            <span aria-hidden="true" className="glyph">
              {GLYPH[n.kind]}
            </span>
            <div>
              {n.read ? null : <span className="visually-hidden">Unread: </span>}
              {n.documentId ? (
                <Link href={`/documents/${n.documentId}${n.claimId ? `#claim-${n.claimId}` : ""}`} onClick={() => void read([n.id])}>
                  {n.text}
                </Link>
              ) : (
                n.text
              )}
              <div className="muted small">{utcText(n.createdAt)}</div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
