// GET /api/documents/:id/claims: the windowed review page's claim details, in pages (decision 0028).
import { beforeAll, describe, expect, it } from "vitest";
import { decodeOutline, outlineOf } from "@/lib/domain/claim-outline";
import { getDocument, getReviewDocument, REVIEW_FIRST_PAGE } from "@/lib/server/documents";
import type { Member } from "@/lib/server/session";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { importDoc, tag } from "../helpers/claimdesk";

type Json = any;
let reviewer: Client;
let reviewerMember: Member;
let doc: Json;

beforeAll(async () => {
  const { members } = await teamWith(["EDITOR", "REVIEWER"]);
  const [editor, r] = await Promise.all(members.map((m) => signIn(m.email, PASSWORD)));
  reviewer = r!;
  reviewerMember = members[1] as Member;
  const t = tag();
  const text = Array.from({ length: 25 }, (_, i) => `Sentence number ${i + 1} of the paged article ${t} reports ${i * 3} percent growth.`).join(" ");
  doc = await importDoc(editor!, { title: `Paged ${t}`, text });
  expect(doc.claims).toHaveLength(25);
  const judged = doc.claims[7];
  expect((await reviewer.request("PUT", `/api/claims/${judged.id}/verdict`, { label: "DISPUTED", rationale: "Wrong figure.", sources: [], expectedVersion: 1 })).status).toBe(200);
  expect((await reviewer.request("POST", `/api/claims/${doc.claims[3].id}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
  expect((await editor!.request("PUT", `/api/claims/${doc.claims[9].id}/attribution`, { speaker: "The minister", cue: "said", expectedVersion: 1 })).status).toBe(200);
});

describe("the review page's read", () => {
  it("has an outline that says, for every claim, what the document read says, and the first claims' details", async () => {
    const [page, full] = await Promise.all([getReviewDocument(reviewerMember, doc.id), getDocument(reviewerMember, doc.id)]);
    if (!page.windowed) throw new Error("not blind: the windowed read");
    expect(decodeOutline(page.outline)).toEqual(full.claims.map(outlineOf));
    expect(page.claims).toEqual(full.claims.slice(0, REVIEW_FIRST_PAGE));
    expect(page.text).toBe(full.text);
    expect(decodeOutline(page.outline).filter((c) => c.dismissed).map((c) => c.id)).toEqual([doc.claims[3].id]);
  });
});

describe("GET /api/documents/:id/claims", () => {
  it("walks every claim once, in reading order, page by page, with the document read's details", async () => {
    const full = (await reviewer.request("GET", `/api/documents/${doc.id}`)).json.document.claims;
    const seen: Json[] = [];
    let from: number | null = 0;
    let pages = 0;
    while (from !== null) {
      const res = await reviewer.request("GET", `/api/documents/${doc.id}/claims?from=${from}&limit=10`);
      expect(res.status).toBe(200);
      expect(res.json.claims.length).toBeLessThanOrEqual(10);
      seen.push(...res.json.claims);
      from = res.json.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(full);
    expect(seen[7].verdict.label).toBe("DISPUTED");
    expect(seen[3].dismissed).toBe(true);
  });

  it("starts a page at a text offset", async () => {
    const c = doc.claims[12];
    const res = await reviewer.request("GET", `/api/documents/${doc.id}/claims?from=${c.start}&limit=2`);
    expect(res.json.claims.map((x: Json) => x.id)).toEqual([c.id, doc.claims[13].id]);
    expect(res.json.next).toBe(doc.claims[14].start);
    const last = await reviewer.request("GET", `/api/documents/${doc.id}/claims?from=${doc.claims[24].start}`);
    expect(last.json).toMatchObject({ next: null });
    expect(last.json.claims).toHaveLength(1);
  });

  it("refuses a bad page with 422 and the field, and an unknown document with 404", async () => {
    for (const q of ["limit=0", "limit=501", "limit=ten", "from=-1", "from=1.5"]) {
      const res = await reviewer.request("GET", `/api/documents/${doc.id}/claims?${q}`);
      expect(res.status, q).toBe(422);
      expect(Object.keys(res.json.error.fields ?? {}), q).toEqual([q.split("=")[0]]);
    }
    expect((await reviewer.request("GET", `/api/documents/2147483000/claims`)).status).toBe(404);
  });
});
