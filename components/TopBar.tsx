import Link from "next/link";

export function TopBar({ name, teamName, signOut }: { name: string; teamName: string; signOut: () => Promise<void> }) {
  return (
    <header className="topbar">
      <Link href="/documents" className="brand">
        Claimdesk
      </Link>
      <Link href="/documents">Documents</Link>
      <span className="spacer" />
      <span>
        {name} · <span className="muted" style={{ color: "#c9c9c2" }}>{teamName}</span>
      </span>
      <form action={signOut}>
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}
