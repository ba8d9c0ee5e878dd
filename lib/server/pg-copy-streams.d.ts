// pg-copy-streams 7 ships no types: the one function the CSV export uses (lib/server/exports.ts).
declare module "pg-copy-streams" {
  import type { Readable } from "node:stream";
  import type { Submittable } from "pg";
  export function to(text: string): Readable & Submittable & { rowCount: number };
}
