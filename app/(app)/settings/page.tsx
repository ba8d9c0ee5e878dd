import type { Metadata } from "next";
import Link from "next/link";
import { ApiTokens } from "@/components/settings/ApiTokens";
import { JobsSection } from "@/components/settings/JobsSection";
import { PasswordForm } from "@/components/settings/PasswordForm";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { tokensForSettings } from "@/lib/server/api-tokens";
import { teamJobs } from "@/lib/server/jobs";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const member = await requirePageMember("/settings");
  const { tokens, readAt } = can(member, "token.manage") ? await tokensForSettings(member) : { tokens: [], readAt: 0 };
  const jobs = can(member, "jobs.read") ? await teamJobs(member.teamId).catch(() => null) : undefined;
  const roleName = ROLE_NAMES[member.role];
  return (
    <main className="page">
      <h1>Settings</h1>
      <p className="muted">Your account, your password and your API tokens.</p>
      <div className="layout-2">
        <div style={{ display: "grid", gap: "1.25rem" }}>
          <section className="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">Profile</h2>
            <dl style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "0.3rem 1rem", margin: 0 }}>
              <dt className="muted">Name</dt>
              <dd style={{ margin: 0 }} data-testid="profile-name">
                {member.name}
              </dd>
              <dt className="muted">Email</dt>
              <dd style={{ margin: 0 }} data-testid="profile-email">
                {member.email}
              </dd>
              <dt className="muted">Team</dt>
              <dd style={{ margin: 0 }}>{member.teamName}</dd>
              <dt className="muted">Role</dt>
              <dd style={{ margin: 0 }}>{roleName}</dd>
            </dl>
            {can(member, "member.invite") || can(member, "audit.read") || can(member, "team.settings") ? (
              <ul style={{ margin: "0.75rem 0 0", paddingLeft: "1.2rem" }}>
                {can(member, "member.invite") ? (
                  <li>
                    <Link href="/settings/team">Team members and invitations</Link>
                  </li>
                ) : null}
                {can(member, "team.settings") ? (
                  <li>
                    <Link href="/settings/models">Assistance models: retrain from the team’s verdicts</Link>
                  </li>
                ) : null}
                {can(member, "audit.read") ? (
                  <li>
                    <Link href="/audit">Audit log</Link>
                  </li>
                ) : null}
              </ul>
            ) : null}
          </section>
          {can(member, "token.manage") ? (
            <ApiTokens initial={tokens} now={readAt} roleName={roleName} teamName={member.teamName} />
          ) : null}
          {jobs !== undefined ? <JobsSection summary={jobs} /> : null}
        </div>
        <aside>
          <PasswordForm email={member.email} />
        </aside>
      </div>
    </main>
  );
}
