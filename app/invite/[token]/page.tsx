import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/team/AcceptInvitationForm";
import { JoinTeamButton } from "@/components/team/JoinTeamButton";
import { signOut } from "@/lib/server/auth";
import { getSignedInUser } from "@/lib/server/session";
import { invitationView } from "@/lib/server/team";

// The token in the address is a credential: keep it out of Referer headers and search engines.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer", robots: { index: false, follow: false } };

// Public: the invitee may have no account yet. Outside the (app) group, so no top bar.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const path = `/invite/${encodeURIComponent(token)}`;
  const signInHere = `/signin?callbackUrl=${encodeURIComponent(path)}`;
  const user = await getSignedInUser();
  const view = await invitationView(token, user);

  // An existing account signs in and comes back here; a new one comes straight back to the form.
  const afterSignOut = view.usable && !view.accountExists ? path : signInHere;
  async function signOutAndReturn() {
    "use server";
    await signOut({ redirectTo: afterSignOut });
  }
  const signOutButton = (
    <form action={signOutAndReturn}>
      <button type="submit" className="primary">
        Sign out{user ? ` ${user.email}` : ""}
      </button>
    </form>
  );

  let body: React.ReactNode;
  if (!view.usable) {
    body = (
      <div className="card" data-testid="invite-unusable">
        <h2>This invitation cannot be used</h2>
        <p className="banner warn" role="status">
          {view.reason}
        </p>
        <p className="small">
          {user ? <Link href="/documents">Go to your documents</Link> : <Link href="/signin">Sign in</Link>}
        </p>
      </div>
    );
  } else if (view.alreadyMember) {
    body = (
      <div className="card">
        <p className="banner ok" role="status">
          You are already a member of {view.teamName}. This invitation is not needed.
        </p>
        <Link href="/documents" className="button primary">
          Open your documents
        </Link>
      </div>
    );
  } else if (user && user.email !== view.email) {
    body = (
      <div className="card" data-testid="invite-wrong-account">
        <p className="banner warn" role="status">
          You are signed in as <strong>{user.email}</strong>, but this invitation is for <strong>{view.email}</strong>.{" "}
          {view.accountExists ? `Sign out, then sign in as ${view.email} to join.` : `Sign out, then open this link again to create the account for ${view.email}.`}
        </p>
        {signOutButton}
      </div>
    );
  } else if (!view.accountExists) {
    body = <AcceptInvitationForm token={token} email={view.email} teamName={view.teamName} />;
  } else if (user) {
    body = (
      <div className="card">
        <p>
          You are signed in as <strong>{user.email}</strong>.
        </p>
        <JoinTeamButton token={token} teamName={view.teamName} />
      </div>
    );
  } else {
    body = (
      <div className="card">
        <p>
          <strong>{view.email}</strong> already has a Claimdesk account. Sign in with it first; you will come back here to join.
        </p>
        <Link href={signInHere} className="button primary">
          Sign in as {view.email}
        </Link>
      </div>
    );
  }

  return (
    <main className="signin">
      <h1>Claimdesk</h1>
      {view.usable ? (
        <p data-testid="invite-summary">
          You are invited to join <strong>{view.teamName}</strong> as {article(view.roleName)} <strong>{view.roleName.toLowerCase()}</strong>. The
          invitation is valid until {view.expiresAt.slice(0, 10)}.
        </p>
      ) : null}
      {body}
    </main>
  );
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
