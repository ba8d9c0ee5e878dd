// Types of scripts/embedded-pg.mjs for the TypeScript tests that start a Postgres of their own.
export type EmbeddedPostgres = { url: string; port: number; dataDir: string; stop: () => Promise<void> };
export function startEmbeddedPostgres(opts: {
  dataDir?: string;
  database: string;
  preferredPort?: number;
  recreate?: boolean;
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgres>;
