import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Device cookies (OWASP's scheme against lockout as denial of service; docs/decisions/0014):
// every successful sign-in gives the browser a signed note "this browser has signed in as <email>".
// While that email is throttled, a request carrying the note may still try its password, counted
// per device (lib/server/throttle.ts). The note holds a random device id, when it was issued and
// an HMAC over the normalised email, the id and that time: never the email itself. It proves
// nothing but a past sign-in, so it never signs anyone in.

export const DEVICE_COOKIE = "claimdesk-device";
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
/** Accounts one browser remembers (a shared newsroom computer), newest first. */
const MAX_ACCOUNTS = 5;
const ENTRY = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

type Entry = { id: string; issuedAt: number; mac: string };

const normalise = (email: string) => email.trim().toLowerCase();

function mac(email: string, id: string, issuedAt: number): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: device cookies cannot be signed.");
  // A key of its own, so a device MAC is never a valid signature for anything else made with AUTH_SECRET.
  const key = createHmac("sha256", secret).update("claimdesk device cookie v1").digest();
  return createHmac("sha256", key).update(`${normalise(email)}\n${id}\n${issuedAt}`).digest("base64url");
}

function parse(value: string | undefined): Entry[] {
  const now = Math.floor(Date.now() / 1000);
  const entries: Entry[] = [];
  for (const raw of (value ?? "").split("~").slice(0, MAX_ACCOUNTS)) {
    const m = ENTRY.exec(raw);
    if (!m) continue;
    const issuedAt = parseInt(m[2]!, 36);
    if (issuedAt > now + 300 || now - issuedAt > MAX_AGE_SECONDS) continue; // expired, whatever the browser kept
    entries.push({ id: m[1]!, issuedAt, mac: m[3]! });
  }
  return entries;
}

const serialise = (e: Entry) => `${e.id}.${e.issuedAt.toString(36)}.${e.mac}`;

function isFor(email: string, e: Entry): boolean {
  const expected = Buffer.from(mac(email, e.id, e.issuedAt));
  const given = Buffer.from(e.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The id of the device this cookie proves has signed in as this email before, or null. */
export function knownDevice(email: string, cookie: string | undefined): string | null {
  return parse(cookie).find((e) => isFor(email, e))?.id ?? null;
}

/**
 * The device cookie to set after a successful sign-in as this email: a new id for this account
 * (its failures start from zero) ahead of the other accounts the browser already holds.
 * HttpOnly, SameSite=Lax, and Secure when the app is served over https (as the team cookie).
 */
export function deviceCookieAfterSignIn(email: string, cookie: string | undefined) {
  const id = randomBytes(16).toString("base64url");
  const issuedAt = Math.floor(Date.now() / 1000);
  const others = parse(cookie).filter((e) => !isFor(email, e));
  const entries = [{ id, issuedAt, mac: mac(email, id, issuedAt) }, ...others].slice(0, MAX_ACCOUNTS);
  return {
    name: DEVICE_COOKIE,
    value: entries.map(serialise).join("~"),
    options: { path: "/", httpOnly: true, sameSite: "lax" as const, maxAge: MAX_AGE_SECONDS, secure: process.env.AUTH_URL?.startsWith("https://") === true },
  };
}
