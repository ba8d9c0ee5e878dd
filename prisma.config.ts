import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// `prisma migrate` runs the wasm schema engine through @prisma/adapter-pg 6.19.3. Fixes 1-4
// work around its bugs (see ../shared/STACK-recipe.md); they only touch the Prisma CLI process.
let patched = false;
async function patchAdapterPg(factory: PrismaPg) {
  if (patched) return;
  patched = true;
  const adapter = await factory.connect(); // creates a pool, opens no connection
  const adapterProto = Object.getPrototypeOf(adapter);
  const queryableProto = Object.getPrototypeOf(adapterProto);
  // 1. Catalog columns of type "char" (oid 18) and name (oid 19) are unmapped: read as text.
  const performIO = queryableProto.performIO;
  queryableProto.performIO = async function (query: unknown) {
    const result = await performIO.call(this, query);
    for (const f of result.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
    return result;
  };
  // 2. executeScript() splits migration.sql on every ";" (comments, strings, $$ bodies too):
  //    send the script whole, as one implicit transaction, like the classic engine does.
  adapterProto.executeScript = async function (script: string) {
    try {
      await this.client.query(script);
    } catch (e) {
      this.onError(e);
    }
  };
  await adapter.dispose();
}

// 3. The stock connectToShadowDb() aims its "shadow" pool at the REAL database: use a throwaway one.
function pgAdapter(url: string) {
  const factory = new PrismaPg({ connectionString: url, allowExitOnIdle: true });
  factory.connectToShadowDb = async () => {
    const name = `prisma_shadow_${process.pid}_${Date.now()}`;
    const main = await factory.connect();
    await main.executeScript(`CREATE DATABASE "${name}"`);
    const shadowUrl = new URL(url);
    shadowUrl.pathname = `/${name}`;
    const shadow = await new PrismaPg({ connectionString: shadowUrl.href, allowExitOnIdle: true }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  };
  return factory;
}

// 4. The wasm engine arms timers it never clears, which keeps the CLI alive: unref them.
const setTimeout_ = globalThis.setTimeout;
globalThis.setTimeout = function (this: unknown, ...args: Parameters<typeof setTimeout>) {
  const timer = setTimeout_.apply(this, args);
  if (new Error().stack?.includes("wasm://")) timer.unref();
  return timer;
} as typeof setTimeout;

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    const factory = pgAdapter(process.env.DATABASE_URL);
    await patchAdapterPg(factory);
    return factory;
  },
});
