// Sign-in throttling as seen by clients with and without a device cookie (docs/decisions/0014).
import { randomBytes, randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { DEVICE_COOKIE } from "@/lib/server/device-cookie";
import { DEVICE_FAILURES, EMAIL_FAILURES, IP_FAILURES } from "@/lib/server/throttle";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";

const WRONG = "wrong password!";
const testIp = () => `203.0.113.${randomInt(1, 254)}`;

/** A client that keeps its cookies between sign-in attempts, as a browser does. */
function browser() {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    jar,
    /** One sign-in through Auth.js's CSRF-checked endpoint; the session cookie is dropped again (signed out). */
    async attempt(email: string, password: string, ip = testIp()) {
      const base = baseUrl();
      const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: cookie() } });
      keep(csrf);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const res = await fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), "x-forwarded-for": ip },
        body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/documents` }),
      });
      const setCookies = res.headers.getSetCookie();
      keep(res);
      const signedIn = jar.has("authjs.session-token");
      jar.delete("authjs.session-token");
      return { status: res.status, location: res.headers.get("location"), retryAfter: res.headers.get("retry-after"), signedIn, setCookies, body: await res.text() };
    },
  };
}

async function member() {
  const { members } = await teamWith(["REVIEWER"]);
  return members[0]!;
}

/** Fails for the email from a fresh client until the email is throttled. */
async function lockOut(email: string, ip = testIp()) {
  const attacker = browser();
  for (let i = 0; i < EMAIL_FAILURES; i++) expect((await attacker.attempt(email, WRONG, ip)).signedIn).toBe(false);
  expectThrottled(await attacker.attempt(email, PASSWORD, ip));
}

/** The answer to a throttled attempt: 429 with Retry-After, before Auth.js runs (as for any client today). */
function expectThrottled(res: Awaited<ReturnType<ReturnType<typeof browser>["attempt"]>>, message = /Too many failed sign-ins/) {
  expect(res.status, res.body).toBe(429);
  expect(res.signedIn).toBe(false);
  expect(Number(res.retryAfter)).toBeGreaterThan(0);
  expect(JSON.parse(res.body).error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(message) });
}

const signinRows = async (userId: number) =>
  (await db.auditEvent.findMany({ where: { actorId: userId, action: { startsWith: "signin." } }, orderBy: { id: "asc" } })).map((r) => [r.action, r.data]);

describe("sign-in lockout is not a denial of service", () => {
  it(`lets the victim sign in from a browser they used before after someone else failed ${EMAIL_FAILURES}+ times for their email`, async () => {
    const victim = await member();
    const office = testIp(); // attacker and victim behind the same address: another IP is not needed
    const laptop = browser();
    expect((await laptop.attempt(victim.email, PASSWORD, office)).signedIn).toBe(true);

    const attacker = browser();
    for (let i = 0; i < EMAIL_FAILURES + 2; i++) expect((await attacker.attempt(victim.email, WRONG, office)).signedIn).toBe(false);
    const again = await laptop.attempt(victim.email, PASSWORD, office);
    expect(again.status, again.body).toBe(302);
    expect(again.signedIn).toBe(true);

    // Letting the owner in does not reopen the account to the attacker's client.
    expectThrottled(await attacker.attempt(victim.email, PASSWORD, office), /for this account.*a browser you have signed in to this account with before/);
  });

  it("sets the device cookie on every sign-in: HttpOnly, SameSite=Lax, a year, without the email, renewed each time", async () => {
    const m = await member();
    const b = browser();
    const first = await b.attempt(m.email, PASSWORD);
    const set = first.setCookies.find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
    expect(set).toBeDefined();
    expect(set).toMatch(/; HttpOnly/i);
    expect(set).toMatch(/; SameSite=Lax/i);
    expect(set).toMatch(/; Path=\/(;|$)/);
    expect(Number(/Max-Age=(\d+)/i.exec(set)?.[1])).toBe(365 * 24 * 60 * 60);
    expect(set).not.toMatch(/; Secure/i); // the app under test is served over http (Secure when AUTH_URL is https)
    const value = b.jar.get(DEVICE_COOKIE)!;
    const localPart = m.email.split("@")[0]!;
    for (const form of [m.email, encodeURIComponent(m.email), localPart, Buffer.from(m.email).toString("base64url")]) expect(value).not.toContain(form);

    // A wrong password sets no device cookie; a second sign-in gives a new device id.
    const stranger = browser();
    expect((await stranger.attempt(m.email, WRONG)).setCookies.some((c) => c.startsWith(`${DEVICE_COOKIE}=`))).toBe(false);
    expect((await b.attempt(m.email, PASSWORD)).signedIn).toBe(true);
    expect(b.jar.get(DEVICE_COOKIE)).not.toBe(value);
  });
});

describe("the per-email limit still stops guessing", () => {
  it("refuses a fresh client once the email is throttled, with the right password too, as for an unknown email", async () => {
    const m = await member();
    await lockOut(m.email);
    expectThrottled(await browser().attempt(m.email, PASSWORD));
    const unknown = `nobody-${randomInt(1e9)}@example.test`;
    await lockOut(unknown);
    expectThrottled(await browser().attempt(unknown, PASSWORD));
  });

  it("is not passed by another account's device cookie, a forged one, or a tampered one", async () => {
    const victim = await member();
    const other = await member();
    const laptop = browser();
    expect((await laptop.attempt(victim.email, PASSWORD)).signedIn).toBe(true);
    const genuine = laptop.jar.get(DEVICE_COOKIE)!;
    await lockOut(victim.email);

    // The attacker's own account: its device cookie is bound to that email only.
    const own = browser();
    expect((await own.attempt(other.email, PASSWORD)).signedIn).toBe(true);
    expectThrottled(await own.attempt(victim.email, PASSWORD));

    const [id, issued, mac] = genuine.split(".") as [string, string, string];
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const forged = [
      `${randomBytes(16).toString("base64url")}.${issued}.${randomBytes(32).toString("base64url")}`, // made up
      `${flip(id)}.${issued}.${mac}`, // another device id under the genuine MAC
      `${id}.${(parseInt(issued, 36) + 1).toString(36)}.${mac}`, // another date
      `${id}.${issued}.${flip(mac)}`,
      "garbage",
    ];
    for (const value of forged) {
      const b = browser();
      b.jar.set(DEVICE_COOKIE, value);
      expectThrottled(await b.attempt(victim.email, PASSWORD));
    }
    // The genuine one still works.
    expect((await laptop.attempt(victim.email, PASSWORD)).signedIn).toBe(true);
  });

  it(`counts failures made with a device cookie per device: ${DEVICE_FAILURES} guesses, then that device is throttled too`, async () => {
    const victim = await member();
    const laptop = browser();
    const phone = browser();
    expect((await laptop.attempt(victim.email, PASSWORD)).signedIn).toBe(true);
    expect((await phone.attempt(victim.email, PASSWORD)).signedIn).toBe(true);
    await lockOut(victim.email);

    // A copy of the laptop's cookie (stolen) gets a bounded number of guesses...
    const thief = browser();
    thief.jar.set(DEVICE_COOKIE, laptop.jar.get(DEVICE_COOKIE)!);
    for (let i = 0; i < DEVICE_FAILURES; i++) {
      const res = await thief.attempt(victim.email, WRONG);
      expect(res.status).toBe(302); // a wrong password, not a refusal
      expect(res.location).toMatch(/error=CredentialsSignin&code=credentials/);
    }
    // ...then that device id is throttled, with the right password too, and its own message.
    const refused = await thief.attempt(victim.email, PASSWORD);
    expectThrottled(refused, /from this browser/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(14 * 60);
    expectThrottled(await laptop.attempt(victim.email, PASSWORD), /from this browser/);
    // The owner's other device is unaffected.
    expect((await phone.attempt(victim.email, PASSWORD)).signedIn).toBe(true);
  });

  it("keeps the per-IP limit for every client, device cookie or not", async () => {
    const m = await member();
    const laptop = browser();
    const ip = `192.0.2.${randomInt(1, 254)}`; // not testIp()'s range: no other test of this file lands on it
    expect((await laptop.attempt(m.email, PASSWORD, ip)).signedIn).toBe(true);
    const sprayer = browser();
    for (let i = 0; i < IP_FAILURES; i++) await sprayer.attempt(`spray-${i}-${randomInt(1e9)}@example.test`, WRONG, ip);
    expectThrottled(await laptop.attempt(m.email, PASSWORD, ip), /from this network/);
    expect((await laptop.attempt(m.email, PASSWORD, testIp())).signedIn).toBe(true);
  });

  it("remembers several accounts in one browser (a shared computer)", async () => {
    const [a, b] = [await member(), await member()];
    const shared = browser();
    expect((await shared.attempt(a.email, PASSWORD)).signedIn).toBe(true);
    expect((await shared.attempt(b.email, PASSWORD)).signedIn).toBe(true);
    await lockOut(a.email);
    await lockOut(b.email);
    expect((await shared.attempt(a.email, PASSWORD)).signedIn).toBe(true);
    expect((await shared.attempt(b.email, PASSWORD)).signedIn).toBe(true);
  });
});

describe("the audit log", () => {
  it("records the failures, the throttling once per limit, the device's guesses and the owner let through", async () => {
    const victim = await member();
    const laptop = browser();
    expect((await laptop.attempt(victim.email, PASSWORD)).signedIn).toBe(true);
    await lockOut(victim.email); // 5 failures, then one refused attempt (not written)
    expectThrottled(await browser().attempt(victim.email, PASSWORD)); // refused again (not written)
    expect((await laptop.attempt(victim.email, WRONG)).signedIn).toBe(false); // a typo on the known device
    expect((await laptop.attempt(victim.email, PASSWORD)).signedIn).toBe(true);

    const failure = ["signin.failure", {}];
    expect(await signinRows(victim.userId)).toEqual([
      ["signin.success", {}],
      failure,
      failure,
      failure,
      failure,
      failure,
      ["signin.throttled", { limit: "email" }],
      ["signin.failure", { knownDevice: true }],
      ["signin.success", { knownDevice: true, emailThrottled: true }],
    ]);
  });
});
