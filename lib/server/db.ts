import "server-only";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";

// One client per server process (Next's dev server re-evaluates modules: keep it on globalThis),
// created on first use so that `next build` can load route modules without a database.
const globalForDb = globalThis as unknown as { claimdeskDb?: PrismaClient };

function client(): PrismaClient {
  if (globalForDb.claimdeskDb) return globalForDb.claimdeskDb;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it to a PostgreSQL URL.");
  const max = Number(process.env.DB_POOL_SIZE ?? 10);
  return (globalForDb.claimdeskDb = new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) }));
}

export const db = new Proxy({} as PrismaClient, {
  get(_, prop) {
    const c = client();
    const value = Reflect.get(c, prop);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
