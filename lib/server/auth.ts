import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "./db";
import { verifyPassword } from "./passwords";

const credentials = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(1024) });

class WrongCredentials extends CredentialsSignin {
  code = "credentials";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  trustHost: true,
  logger: {
    // A wrong password is an expected event, not a server error: one line, no stack trace.
    error(error) {
      if (error.name === "CredentialsSignin") console.warn("[auth] sign-in refused: wrong email or password");
      else console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) throw new WrongCredentials();
        const user = await db.user.findUnique({ where: { email: parsed.data.email } });
        // Hash even for an unknown email: same message, same time.
        const ok = await verifyPassword(user?.passwordHash ?? null, parsed.data.password);
        if (!user || !ok) throw new WrongCredentials();
        return { id: String(user.id), email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = Number(user.id);
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "number") session.user.id = String(token.uid);
      return session;
    },
  },
});
