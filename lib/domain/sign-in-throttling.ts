// What a throttled sign-in tells the person trying (docs/decisions/0014): which limit holds, how
// long for, and what they can do meanwhile. Shared by the 429 answer and the sign-in page.

export type SignInLimit = "email" | "ip" | "device";

const isLimit = (v: unknown): v is SignInLimit => v === "email" || v === "ip" || v === "device";

/** The limit named in a query parameter, or null for anything else. */
export const signInLimitFrom = (v: unknown): SignInLimit | null => (isLimit(v) ? v : null);

/** "Wait 15 minutes" for a wait in seconds (at least a minute). */
function wait(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Wait ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The sentence shown when a sign-in is refused; `limit` null when it is not known which one held. */
export function throttledMessage(limit: SignInLimit | null, retryAfterSeconds: number): string {
  switch (limit) {
    case "email":
      return (
        `Too many failed sign-ins for this account. ${wait(retryAfterSeconds)} and try again, or sign in from a browser ` +
        `you have signed in to this account with before: failures elsewhere do not lock it out. ` +
        `If the failed attempts were not yours, tell your team's admin.`
      );
    case "ip":
      return `Too many failed sign-ins from this network. ${wait(retryAfterSeconds)} and try again.`;
    case "device":
      return `Too many failed sign-ins from this browser. ${wait(retryAfterSeconds)} and try again.`;
    default:
      return `Too many failed sign-ins for this account or network. ${wait(retryAfterSeconds)} and try again.`;
  }
}
