import Link from "next/link";

// A plain GET form: filters live in the URL, so a filtered view can be bookmarked or shared with
// another admin, and the page needs no client JavaScript.

export type AuditFilterValues = { action?: string; actor?: string; from?: string; to?: string };

export function AuditFilters({
  actions,
  members,
  values,
  fieldErrors = {},
}: {
  actions: readonly string[];
  members: { id: number; name: string; email: string }[];
  values: AuditFilterValues;
  fieldErrors?: Record<string, string>;
}) {
  const err = (f: string) =>
    fieldErrors[f] ? (
      <div className="field-error" id={`audit-${f}-error`}>
        {fieldErrors[f]}
      </div>
    ) : null;
  const aria = (f: string) => ({ "aria-invalid": !!fieldErrors[f], "aria-describedby": fieldErrors[f] ? `audit-${f}-error` : undefined });
  const filtered = Object.values(values).some(Boolean);
  return (
    <form method="get" action="/audit" className="card" aria-label="Filter the audit log" style={{ marginBottom: "1rem" }}>
      <div className="row" style={{ alignItems: "end", flexWrap: "wrap" }}>
        <div>
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={values.action ?? ""} {...aria("action")}>
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          {err("action")}
        </div>
        <div>
          <label htmlFor="audit-actor">Who</label>
          <select id="audit-actor" name="actor" defaultValue={values.actor ?? ""} {...aria("actor")}>
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
          {err("actor")}
        </div>
        <div>
          <label htmlFor="audit-from">From (UTC day)</label>
          <input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} {...aria("from")} />
          {err("from")}
        </div>
        <div>
          <label htmlFor="audit-to">To (UTC day, inclusive)</label>
          <input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} {...aria("to")} />
          {err("to")}
        </div>
        <div style={{ flex: "0 0 auto", display: "flex", gap: "0.4rem", paddingBottom: "0.1rem" }}>
          <button type="submit" className="primary">
            Apply filters
          </button>
          {filtered ? (
            <Link href="/audit" className="button">
              Clear
            </Link>
          ) : null}
        </div>
      </div>
    </form>
  );
}
