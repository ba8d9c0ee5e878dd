// Shared by the server (lib/server/unavailable.ts) and the error page (app/error.tsx): the digest
// Next keeps on a server error that happened because the database could not answer.
export const UNAVAILABLE_DIGEST = "CLAIMDESK_UNAVAILABLE";
export const RETRY_AFTER_SECONDS = 5;
