// The demo team printed by `npm start`: one editor, one reviewer, the five seed articles.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/server/db";
import { importDocument } from "@/lib/server/documents";
import { createMember, createTeam } from "./factories";

export const DEMO_TEAM = { name: "Demo Newsroom", slug: "demo" };
export const DEMO_PASSWORD = "claimdesk-demo-2025";
export const DEMO_USERS = [
  { email: "admin@claimdesk.test", name: "Ada Admin", role: "ADMIN" as const },
  { email: "editor@claimdesk.test", name: "Elena Editor", role: "EDITOR" as const },
  { email: "reviewer@claimdesk.test", name: "Ravi Reviewer", role: "REVIEWER" as const },
];

type Article = { file: string; title: string; publishedAt?: string; publisher?: string; sourceUrl?: string };

/** Seeds the demo team once; returns false when it already exists. */
export async function seedDemo(): Promise<boolean> {
  if (await db.team.findUnique({ where: { slug: DEMO_TEAM.slug } })) return false;
  const team = await createTeam(DEMO_TEAM.name, DEMO_TEAM.slug);
  const members = await Promise.all(DEMO_USERS.map((u) => createMember(team, { ...u, password: DEMO_PASSWORD })));
  const editor = members.find((m) => m.role === "EDITOR");
  const dir = import.meta.dirname;
  const articles = JSON.parse(await readFile(path.join(dir, "articles.json"), "utf8")) as Article[];
  for (const a of articles) {
    const text = await readFile(path.join(dir, a.file), "utf8");
    await importDocument(editor!, { title: a.title, text, publishedAt: a.publishedAt, publisher: a.publisher, sourceUrl: a.sourceUrl });
  }
  return true;
}
