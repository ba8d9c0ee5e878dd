import "server-only";
import { randomBytes } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { z } from "zod";
import { audit } from "./audit";
import { db } from "./db";
import { DEVICE_COOKIE, deviceCookieAfterSignIn, knownDevice } from "./device-cookie";
import { verifyPassword } from "./passwords";
import { ipFrom } from "./request";
import { recordSignInFailure, recordSignInSuccess, signInRefusal } from "./throttle";

declare module "next-auth" {
  interface Session {
    sid?: string;
  }
  interface User {
    sid?: string;
  }
}

const credentials = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(1024) });

class WrongCredentials extends CredentialsSignin {
  code = "credentials";
}
export class TooManyAttempts extends CredentialsSignin {
  code = "throttled";
}

export const SESSION_MAX_AGE = 12 * 60 * 60;

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
  // error: Auth.js's own error page answers with a status chosen by its ?error= value (500 for
  // "Configuration", 403 for "AccessDenied") and HTML, at an /api address; ours shows the banner.
  pages: { signIn: "/signin", error: "/signin" },
  trustHost: true,
  logger: {
    // A wrong password is an expected event, not a server error: one line, no stack trace.
    // (Match on `type`: class names are minified in the production build.)
    error(error) {
      if ("type" in error && error.type === "CredentialsSignin") console.warn("[auth] sign-in refused");
      else console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) throw new WrongCredentials();
        const { email, password } = parsed.data;
        // cookies() is this request's, in the route handler and in the sign-in action alike, and
        // what it sets is sent with Auth.js's answer (tests/integration/signin-throttle.int.test.ts).
        const jar = await cookies();
        const deviceCookie = jar.get(DEVICE_COOKIE)?.value;
        const attempt = { email, ip: ipFrom(request.headers), device: knownDevice(email, deviceCookie) };
        const { ip } = attempt;
        // The route handler and the sign-in action refuse throttled attempts first; this catches concurrent ones.
        if (await signInRefusal(attempt)) throw new TooManyAttempts();
        const user = await db.user.findUnique({ where: { email } });
        // Hash even for an unknown email: same message, same time.
        const ok = await verifyPassword(user?.passwordHash ?? null, password);
        const device = attempt.device ? { knownDevice: true } : {};
        if (!user || !ok) {
          const reached = await recordSignInFailure(attempt);
          const actorId = user?.id ?? null;
          await audit({ action: "signin.failure", actorId, actorEmail: email, ip, data: device });
          // Once per limit and window, by the failure that reaches it. The refused attempts that
          // follow are not written one by one: anyone can send them, and the log is never pruned.
          for (const limit of reached) await audit({ action: "signin.throttled", actorId, actorEmail: email, ip, data: { limit, ...device } });
          throw new WrongCredentials();
        }
        const { emailThrottled } = await recordSignInSuccess(attempt);
        const sid = randomBytes(24).toString("base64url");
        await db.userSession.create({ data: { id: sid, userId: user.id, ip } });
        await audit({ action: "signin.success", actorId: user.id, actorEmail: email, ip, data: { ...device, ...(emailThrottled ? { emailThrottled } : {}) } });
        const c = deviceCookieAfterSignIn(email, deviceCookie);
        jar.set(c.name, c.value, c.options);
        return { id: String(user.id), email: user.email, name: user.name, sid };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = Number(user.id);
        token.sid = user.sid;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "number") session.user.id = String(token.uid);
      if (typeof token.sid === "string") session.sid = token.sid;
      return session;
    },
  },
  events: {
    // Signing out revokes the session row, so a copied cookie stops working too.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid !== "string") return;
      const row = await db.userSession.update({ where: { id: sid }, data: { revokedAt: new Date() } }).catch(() => null);
      if (row) await audit({ action: "signout", actorId: row.userId });
    },
  },
});
