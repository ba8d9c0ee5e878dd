import { TopBar } from "@/components/TopBar";
import { signOutAction, switchTeamAction } from "@/lib/server/actions";
import { getMember, teamsOf } from "@/lib/server/session";

// The bar only; each page checks the session, team and role itself (a layout does not re-run on navigation).
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const member = await getMember();
  const teams = member ? await teamsOf(member.userId) : [];
  return (
    <>
      {member ? (
        <TopBar name={member.name} role={member.role} teamId={member.teamId} teams={teams} signOut={signOutAction} switchTeam={switchTeamAction} />
      ) : null}
      {children}
    </>
  );
}
