import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters, type AuditFilterValues } from "@/components/audit/AuditFilters";
import { AuditTable } from "@/components/audit/AuditTable";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { auditQuery } from "@/lib/schemas/account";
import { AUDIT_ACTIONS } from "@/lib/domain/audit-actions";
import { AUDIT_PAGE_SIZE, listAuditEvents, teamMembers } from "@/lib/server/audit-log";
import { fieldsFromIssues } from "@/lib/server/errors";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requirePageMember("/audit");
  if (!can(member, "audit.read"))
    return (
      <main className="page">
        <h1>Audit log</h1>
        <div className="banner error" role="alert" data-testid="forbidden">
          <strong>Admins only (403).</strong> Your role in {member.teamName} is {ROLE_NAMES[member.role]}, and only admins can read the audit log. Ask
          an admin of {member.teamName} if you need to know who did what.
        </div>
        <p>
          <Link href="/documents">Back to documents</Link>
        </p>
      </main>
    );

  const raw = await searchParams;
  const values: AuditFilterValues & { before?: string } = {
    action: first(raw.action),
    actor: first(raw.actor),
    from: first(raw.from),
    to: first(raw.to),
    before: first(raw.before),
  };
  const parsed = auditQuery.safeParse(values);
  const fieldErrors = parsed.success ? {} : fieldsFromIssues(parsed.error.issues);
  const [members, result] = await Promise.all([teamMembers(member), parsed.success ? listAuditEvents(member, parsed.data) : null]);

  const filters = { action: values.action, actor: values.actor, from: values.from, to: values.to };
  const olderHref = result?.nextBefore
    ? `/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v) as [string, string][]), before: result.nextBefore })}`
    : null;
  const newestHref = `/audit?${new URLSearchParams(Object.fromEntries(Object.entries(filters).filter(([, v]) => v) as [string, string][]))}`;

  return (
    <main className="page">
      <h1>Audit log</h1>
      <p className="muted">
        Who did what in {member.teamName}, newest first, {AUDIT_PAGE_SIZE} per page: the team&apos;s own events, plus sign-ins, sign-outs and password
        changes of its current members. Times are UTC. Nothing here can be edited or deleted.
      </p>
      <AuditFilters actions={AUDIT_ACTIONS} members={members} values={filters} fieldErrors={fieldErrors} />
      {!parsed.success ? (
        <div className="banner error" role="alert">
          These filters are not valid: {Object.values(fieldErrors).join(" ")} Correct them and apply again.
        </div>
      ) : result && result.events.length === 0 ? (
        <div className="card empty">
          <p>
            <strong>No events {values.before ? "older than this" : "match these filters"}.</strong>
          </p>
          <p>{Object.values(filters).some(Boolean) ? "Clear or widen the filters to see more." : "Events appear here as members sign in and work."}</p>
        </div>
      ) : result ? (
        <>
          {values.before ? (
            <p className="small">
              Showing older events. <Link href={newestHref}>Back to the newest</Link>
            </p>
          ) : null}
          <AuditTable events={result.events} />
          <nav aria-label="Audit log pages" style={{ display: "flex", gap: "0.75rem", marginTop: "0.75rem", alignItems: "center" }}>
            {values.before ? (
              <Link href={newestHref} className="button">
                ⟲ Newest
              </Link>
            ) : null}
            {olderHref ? (
              <Link href={olderHref} className="button" rel="next">
                Older →
              </Link>
            ) : (
              <span className="muted small">This is the oldest page.</span>
            )}
          </nav>
        </>
      ) : null}
    </main>
  );
}
