import Link from "next/link";
import { UtcTime } from "@/components/settings/UtcTime";
import type { AuditEventDto } from "@/lib/server/audit-log";

/** An audit event as GET /api/audit returns it. */
export type AuditEventView = AuditEventDto;

// Failures and refusals stand out by a word and a glyph, not by colour alone.
const WARNING_ACTIONS = new Set(["signin.failure", "signin.throttled"]);

function Who({ e }: { e: AuditEventView }) {
  if (e.actor)
    return (
      <>
        <div>{e.actor.name}</div>
        <div className="muted small">{e.actor.email}</div>
      </>
    );
  if (e.actorEmail)
    return (
      <>
        <div className="muted">No account</div>
        <div className="muted small">typed: {e.actorEmail}</div>
      </>
    );
  return <span className="muted">—</span>;
}

function Target({ e }: { e: AuditEventView }) {
  if (!e.targetType) return <span className="muted">—</span>;
  const label = `${e.targetType} ${e.targetId ?? ""}`.trim();
  if (e.targetType === "document" && e.targetId && /^\d+$/.test(e.targetId)) return <Link href={`/documents/${e.targetId}`}>{label}</Link>;
  return <span>{label}</span>;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function Details({ data }: { data: unknown }) {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data == null ? <span className="muted">—</span> : <code>{scalar(data)}</code>;
  const entries = Object.entries(data as Record<string, unknown>);
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <dl className="small" style={{ margin: 0, display: "grid", gridTemplateColumns: "max-content 1fr", gap: "0 0.5rem" }}>
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt className="muted">{k}</dt>
          <dd style={{ margin: 0, overflowWrap: "anywhere" }}>{scalar(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <table className="doc-table" data-testid="audit-table">
      <caption className="visually-hidden">Audit events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">IP</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-event-id={e.id} data-action={e.action}>
            <td className="small" style={{ whiteSpace: "nowrap" }}>
              <UtcTime iso={e.at} withSeconds />
            </td>
            <td>
              <Who e={e} />
            </td>
            <td>
              {WARNING_ACTIONS.has(e.action) ? (
                <span className="chip DISPUTED">⚠ {e.action}</span>
              ) : (
                <code>{e.action}</code>
              )}
            </td>
            <td className="small">
              <Target e={e} />
            </td>
            <td className="small">{e.ip ?? <span className="muted">—</span>}</td>
            <td>
              <Details data={e.data} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
