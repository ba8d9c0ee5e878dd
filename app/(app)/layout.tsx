import { TopBar } from "@/components/TopBar";
import { signOutAction } from "@/lib/server/actions";
import { getMember } from "@/lib/server/session";

// The bar only; each page checks the session and team itself (a layout does not re-run on navigation).
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const member = await getMember();
  return (
    <>
      {member ? <TopBar name={member.name} teamName={member.teamName} signOut={signOutAction} /> : null}
      {children}
    </>
  );
}
