import "server-only";
import { randomBytes } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { audit } from "./audit";
import { db } from "./db";
import { verifyPassword } from "./passwords";
import { ipFrom } from "./request";
import { recordSignInFailure, recordSignInSuccess, signInRetryAfter } from "./throttle";

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
  pages: { signIn: "/signin" },
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
        const ip = ipFrom(request.headers);
        if ((await signInRetryAfter(email, ip)) > 0) {
          await audit({ action: "signin.throttled", actorEmail: email, ip });
          throw new TooManyAttempts();
        }
        const user = await db.user.findUnique({ where: { email } });
        // Hash even for an unknown email: same message, same time.
        const ok = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !ok) {
          await recordSignInFailure(email, ip);
          await audit({ action: "signin.failure", actorId: user?.id ?? null, actorEmail: email, ip });
          throw new WrongCredentials();
        }
        await recordSignInSuccess(email);
        const sid = randomBytes(24).toString("base64url");
        await db.userSession.create({ data: { id: sid, userId: user.id, ip } });
        await audit({ action: "signin.success", actorId: user.id, actorEmail: email, ip });
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
