import Link from "next/link";
import { can, ROLE_NAMES, type Role } from "@/lib/domain/permissions";
import { NotificationBell } from "./NotificationBell";

type Props = {
  name: string;
  role: Role;
  teamId: number;
  teams: { id: number; name: string; role: Role }[];
  signOut: () => Promise<void>;
  switchTeam: (formData: FormData) => Promise<void>;
};

export function TopBar({ name, role, teamId, teams, signOut, switchTeam }: Props) {
  return (
    <header className="topbar">
      <Link href="/documents" className="brand">
        Claimdesk
      </Link>
      <nav aria-label="Main" className="topnav">
        <Link href="/queue">My queue</Link>
        <Link href="/documents">Documents</Link>
        <Link href="/search">Search</Link>
        {can({ role }, "report.export") ? <Link href="/exports">Exports</Link> : null}
        {can({ role }, "verdict.signoff") ? <Link href="/adjudication">Adjudication</Link> : null}
        {can({ role }, "agreement.read") ? <Link href="/agreement">Agreement</Link> : null}
        {can({ role }, "member.read") ? <Link href="/settings/team">Team</Link> : null}
        {can({ role }, "audit.read") ? <Link href="/audit">Audit log</Link> : null}
        <Link href="/settings">Settings</Link>
      </nav>
      <span className="spacer" />
      {teams.length > 1 ? (
        <form action={switchTeam} className="team-switch">
          <label htmlFor="team-switch" className="visually-hidden">
            Current team
          </label>
          <select id="team-switch" name="teamId" defaultValue={teamId}>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({ROLE_NAMES[t.role]})
              </option>
            ))}
          </select>
          <button type="submit">Switch</button>
        </form>
      ) : (
        <span className="muted-light">{teams[0]?.name}</span>
      )}
      <NotificationBell />
      <span>
        {name} <span className="muted-light">· {ROLE_NAMES[role]}</span>
      </span>
      <form action={signOut}>
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}
