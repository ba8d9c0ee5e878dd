// Shared building blocks for the integration suites: code-point arithmetic done independently of
// lib/domain/offsets (so the tests check it rather than reuse it), API shortcuts that assert their
// status, and a snapshot of everything stored for one document (to prove "nothing changed").
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { db } from "@/lib/server/db";
import type { Client } from "./http";

export const tag = () => randomUUID().slice(0, 8);

/** Code points of a string (Array.from iterates by code point, not by UTF-16 unit). */
export const codePoints = (s: string) => Array.from(s);
export const cpLength = (s: string) => codePoints(s).length;
export const cpSlice = (s: string, start: number, end: number) => codePoints(s).slice(start, end).join("");

/** Code-point offset of the first occurrence of `needle` (after UTF-16 index `from`). */
export function cpIndexOf(text: string, needle: string, from = 0): number {
  const utf16 = text.indexOf(needle, from);
  if (utf16 < 0) throw new Error(`${JSON.stringify(needle)} is not in the text`);
  return cpLength(text.slice(0, utf16));
}

/** A short sample article: an emoji flag early on, a heading line, and four plain sentences. */
export const SAMPLE_SENTENCES = [
  "Kyiv 🇺🇦 hosted the summit on Monday, officials said.",
  "The mayor said 40 percent of buses now run on time!",
  "Is the new bridge open yet?",
  "Crowds waved 🇺🇦🇺🇦 flags along the river all afternoon and evening long.",
] as const;

/** The sample article made unique by a trailing short line (too short to be a candidate claim). */
export function sampleText(unique = tag()): string {
  const [a, b, c, d] = SAMPLE_SENTENCES;
  return `${a} ${b} ${c}\nLocal Notes\n${d}\nRef ${unique}`;
}

type Json = any;

export async function importDoc(client: Client, body: Record<string, unknown>): Promise<Json> {
  const res = await client.request("POST", "/api/documents", body);
  expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(201);
  return res.json.document;
}

export async function importSample(client: Client, title = `Sample ${tag()}`): Promise<{ doc: Json; text: string }> {
  const text = sampleText();
  return { doc: await importDoc(client, { title, text }), text };
}

export async function getDoc(client: Client, id: number): Promise<Json> {
  const res = await client.request("GET", `/api/documents/${id}`);
  expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(200);
  return res.json.document;
}

export async function getHistory(client: Client, claimId: number): Promise<{ claim: Json; history: Json[] }> {
  const res = await client.request("GET", `/api/claims/${claimId}/history`);
  expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(200);
  return res.json;
}

export function claimWithExact(doc: { claims: Json[] }, exact: string): Json {
  const found = doc.claims.filter((c) => c.exact === exact && !c.dismissed);
  expect(found, `one open claim with exact ${JSON.stringify(exact)}`).toHaveLength(1);
  return found[0];
}

/** Everything stored for one document: the row, its claims, verdicts with sources, and events. */
export async function storedState(documentId: number) {
  const [document, claims, verdicts, events, documentEvents] = await Promise.all([
    db.document.findUnique({ where: { id: documentId } }),
    db.claim.findMany({ where: { documentId }, orderBy: { id: "asc" } }),
    db.verdict.findMany({ where: { claim: { documentId } }, include: { sources: { orderBy: { position: "asc" } } }, orderBy: { id: "asc" } }),
    db.claimEvent.findMany({ where: { claim: { documentId } }, orderBy: { id: "asc" } }),
    db.documentEvent.findMany({ where: { documentId }, orderBy: { id: "asc" } }),
  ]);
  return { document, claims, verdicts, events, documentEvents };
}

/** Asserts an error body of the documented shape and returns it. */
export function expectError(res: { status: number; json: Json }, status: number, code: string): Json {
  expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(status);
  expect(res.json?.error?.code).toBe(code);
  expect(typeof res.json.error.message).toBe("string");
  expect(res.json.error.message.length).toBeGreaterThan(10);
  return res.json.error;
}
