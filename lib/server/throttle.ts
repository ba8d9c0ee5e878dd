import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "./db";

// Failed sign-ins counted in Postgres, so the limit holds across every app instance.
// An email gets 5 failures per 15 minutes; an IP 30 (several people behind one newsroom NAT).
const WINDOW_SECONDS = 15 * 60;
export const EMAIL_FAILURES = 5;
export const IP_FAILURES = 30;

let limiters: { email: RateLimiterPrisma; ip: RateLimiterPrisma } | undefined;
function get() {
  return (limiters ??= {
    email: new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix: "signin-email", points: EMAIL_FAILURES, duration: WINDOW_SECONDS, clearExpiredByTimeout: false }),
    ip: new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix: "signin-ip", points: IP_FAILURES, duration: WINDOW_SECONDS, clearExpiredByTimeout: false }),
  });
}

const emailKey = (email: string) => email.trim().toLowerCase();

/** Seconds until sign-in may be tried again for this email or IP; 0 when it may now. */
export async function signInRetryAfter(email: string, ip: string | null): Promise<number> {
  const { email: byEmail, ip: byIp } = get();
  const checks: [RateLimiterPrisma, string, number][] = [[byEmail, emailKey(email), EMAIL_FAILURES]];
  if (ip) checks.push([byIp, ip, IP_FAILURES]);
  let wait = 0;
  for (const [limiter, key, points] of checks) {
    const res = await limiter.get(key);
    if (res && res.consumedPoints >= points) wait = Math.max(wait, Math.ceil(res.msBeforeNext / 1000));
  }
  return wait;
}

export async function recordSignInFailure(email: string, ip: string | null) {
  const { email: byEmail, ip: byIp } = get();
  const consume = (l: RateLimiterPrisma, key: string) =>
    l.consume(key).catch((e) => {
      if (!(e instanceof RateLimiterRes)) throw e; // over the limit: counted, nothing to do
    });
  await consume(byEmail, emailKey(email));
  if (ip) await consume(byIp, ip);
}

/** A successful sign-in clears that email's failures (not the IP's). */
export async function recordSignInSuccess(email: string) {
  await get().email.delete(emailKey(email));
}
