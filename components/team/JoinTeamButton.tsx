"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "../api-client";

/** For an invitee who already has an account and is signed in as the invited email. */
export function JoinTeamButton({ token, teamName }: { token: string; teamName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setBusy(true);
    setError(null);
    const result = await callApi<{ teamId: number; teamName: string }>("POST", "/api/invitations/accept", { token });
    if (!result.ok) {
      setBusy(false);
      setError(result.error.message);
      return;
    }
    // The answer set the team cookie, so the documents are the new team's.
    router.push("/documents");
    router.refresh();
  }

  return (
    <>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <button type="button" className="primary" disabled={busy} onClick={() => void join()}>
        {busy ? "Joining…" : `Join ${teamName}`}
      </button>
    </>
  );
}
