import type { Metadata } from "next";
import { InvitationsTable } from "@/components/team/InvitationsTable";
import { InviteForm } from "@/components/team/InviteForm";
import { MembersTable } from "@/components/team/MembersTable";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { requirePageMember } from "@/lib/server/session";
import { listInvitations, listMembers } from "@/lib/server/team";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const member = await requirePageMember("/settings/team");
  // Every role may see who is in the team; only what the role allows is shown beyond that.
  const canInvite = can(member, "member.invite");
  const [members, invitations] = await Promise.all([listMembers(member), canInvite ? listInvitations(member) : Promise.resolve([])]);
  const admins = members.filter((m) => m.role === "ADMIN").map((m) => m.name);
  const table = (
    <MembersTable
      members={members}
      currentUserId={member.userId}
      teamName={member.teamName}
      canChangeRole={can(member, "member.changeRole")}
      canRemove={can(member, "member.remove")}
    />
  );

  return (
    <main className="page">
      <h1 id="team-heading">Team: {member.teamName}</h1>
      <p className="muted">
        {members.length} {members.length === 1 ? "member" : "members"}. You are {ROLE_NAMES[member.role].toLowerCase()}.
        {canInvite ? null : ` Ask an admin (${admins.join(", ") || "none"}) to invite someone or to change a role.`}
      </p>
      {canInvite ? (
        <div className="layout-2">
          <div>
            <section aria-labelledby="members-heading">
              <h2 id="members-heading">Members</h2>
              {table}
            </section>
            <section aria-labelledby="invitations-heading" style={{ marginTop: "2rem" }}>
              <h2 id="invitations-heading">Invitations</h2>
              <InvitationsTable invitations={invitations} />
            </section>
          </div>
          <aside>
            <InviteForm teamName={member.teamName} />
          </aside>
        </div>
      ) : (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          {table}
        </section>
      )}
    </main>
  );
}
