// Sign-in throttling as seen by clients with and without a device cookie (docs/decisions/0014).
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EMAIL_FAILURES } from "@/lib/server/throttle";
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
  });
});
