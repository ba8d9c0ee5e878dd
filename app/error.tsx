"use client";

import Link from "next/link";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_DIGEST } from "@/lib/domain/unavailable";

/**
 * What a page shows when its server work failed. When the database could not answer (the server
 * also sends 503 with Retry-After then), it says so: nothing the reader did is wrong, and waiting
 * a little is the fix. Anything else is our bug: the digest identifies it in the server log.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const unavailable = error.digest === UNAVAILABLE_DIGEST;
  return (
    <main className="page" role="alert">
      {unavailable ? (
        <>
          <h1>The database is unreachable</h1>
          <p>
            Claimdesk cannot reach its database right now: it may be restarting or overloaded. Nothing you saved before is lost. Try again in{" "}
            {RETRY_AFTER_SECONDS} seconds; if this stays, tell whoever runs Claimdesk.
          </p>
        </>
      ) : (
        <>
          <h1>Something went wrong</h1>
          <p>
            This page could not be shown because of an error on our side{error.digest ? ` (error id ${error.digest})` : ""}. Try again; if it keeps
            happening, tell whoever runs Claimdesk and quote the error id.
          </p>
        </>
      )}
      <p>
        <button type="button" className="primary" onClick={() => reset()}>
          Try again
        </button>{" "}
        <Link href="/documents">Back to your documents</Link>
      </p>
    </main>
  );
}
