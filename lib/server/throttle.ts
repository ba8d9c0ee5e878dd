import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { SignInLimit } from "@/lib/domain/sign-in-throttling";
import { db } from "./db";

// Failed sign-ins counted in Postgres, so the limits hold across every app instance
// (docs/decisions/0014). Per 15 minutes: an email gets 5 failures; an IP 30 (several people behind
// one newsroom NAT); a device cookie 5. A browser holding a device cookie for the email (it signed
// in as that account before) is not stopped by the email's limit, only by its own and the IP's:
// someone else's failures cannot lock the owner out of their own browser.
const WINDOW_SECONDS = 15 * 60;
export const EMAIL_FAILURES = 5;
export const IP_FAILURES = 30;
export const DEVICE_FAILURES = 5;

/** Who is trying: the email typed, the client's IP, and the device id of a valid device cookie for that email. */
export type SignInAttempt = { email: string; ip: string | null; device: string | null };
export type SignInRefusal = { limit: SignInLimit; retryAfter: number };

type Limiters = Record<SignInLimit, RateLimiterPrisma>;
let limiters: Limiters | undefined;
function get(): Limiters {
  const limiter = (keyPrefix: string, points: number) =>
    new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix, points, duration: WINDOW_SECONDS, clearExpiredByTimeout: false });
  return (limiters ??= { email: limiter("signin-email", EMAIL_FAILURES), ip: limiter("signin-ip", IP_FAILURES), device: limiter("signin-device", DEVICE_FAILURES) });
}
const POINTS: Record<SignInLimit, number> = { email: EMAIL_FAILURES, ip: IP_FAILURES, device: DEVICE_FAILURES };

/** The keys this attempt is counted under. */
function keysOf(a: SignInAttempt): [SignInLimit, string][] {
  const keys: [SignInLimit, string][] = [["email", a.email.trim().toLowerCase()]];
  if (a.ip) keys.push(["ip", a.ip]);
  if (a.device) keys.push(["device", a.device]);
  return keys;
}

/** Seconds a limit still holds (0 when it does not). */
const holds = (limit: SignInLimit, res: RateLimiterRes | null) => (res && res.consumedPoints >= POINTS[limit] ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0);

/** Why this attempt may not be made now and for how long; null when it may. */
export async function signInRefusal(a: SignInAttempt): Promise<SignInRefusal | null> {
  const l = get();
  const state = new Map(await Promise.all(keysOf(a).map(async ([limit, key]) => [limit, holds(limit, await l[limit].get(key))] as const)));
  const refusals: SignInRefusal[] = [];
  const ip = state.get("ip") ?? 0;
  if (ip) refusals.push({ limit: "ip", retryAfter: ip });
  const email = state.get("email") ?? 0;
  // The device cookie is an exception to the email's limit only, and only while the device keeps to its own.
  if (email && !a.device) refusals.push({ limit: "email", retryAfter: email });
  const device = state.get("device") ?? 0;
  if (email && device) refusals.push({ limit: "device", retryAfter: device });
  return refusals.sort((x, y) => y.retryAfter - x.retryAfter)[0] ?? null;
}

/** Counts a failure under every key of the attempt; returns the limits this failure has just reached. */
export async function recordSignInFailure(a: SignInAttempt): Promise<SignInLimit[]> {
  const l = get();
  const reached: SignInLimit[] = [];
  for (const [limit, key] of keysOf(a)) {
    const res = await l[limit].consume(key).catch((e: unknown) => {
      if (e instanceof RateLimiterRes) return e; // over the limit: counted all the same
      throw e;
    });
    if (res.consumedPoints === POINTS[limit]) reached.push(limit);
  }
  return reached;
}

/**
 * A successful sign-in clears the failures of the device it was made with, and the email's unless
 * the email is throttled: a success through the device exception must not reopen the account to
 * the clients that caused the throttling. The IP's failures are never cleared.
 * Returns whether the email was throttled (so the device cookie is what let this sign-in through).
 */
export async function recordSignInSuccess(a: SignInAttempt): Promise<{ emailThrottled: boolean }> {
  const l = get();
  const email = a.email.trim().toLowerCase();
  const emailThrottled = holds("email", await l.email.get(email)) > 0;
  if (!emailThrottled) await l.email.delete(email);
  if (a.device) await l.device.delete(a.device);
  return { emailThrottled };
}
