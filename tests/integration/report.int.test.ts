// The article report (page and PDF): what it shows, its options, who may see it, escaping, audit rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PDF_CLAIMS } from "@/lib/domain/documents";
import { db } from "@/lib/server/db";
import { newToken } from "@/lib/server/tokens";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { claimWithExact, expectError, importDoc, tag } from "../helpers/claimdesk";

const T = tag();
const TITLE = `Council budget check ${T}`;
const S_SOURCED = "The council approved a budget of 12 million euros on Monday.";
const S_DISPUTED = 'Officials said <script>alert("pwned-text")</script> crime fell by 40 percent last year.';
const S_OPINION = "This is the best mayor the city has ever had.";
const S_UNREVIEWED = "The new bridge will open to traffic in March next year.";
const TEXT = `${S_SOURCED} ${S_DISPUTED}\n${S_OPINION} ${S_UNREVIEWED}\nRef ${T}`;

const SOURCES = [
  {
    url: "https://council.example.org/minutes/2025-03-03",
    title: 'Council minutes <img src=x onerror=alert("pwned-title")>',
    publisher: "City Council",
    quote: "The budget of 12,000,000 euros was approved by 31 votes to 12.",
    accessedAt: "2025-03-04",
  },
  { url: "https://news.example.com/budget?x=1&y=2", title: "Budget passes after long debate", publisher: "Example News", quote: "Councillors approved the 12 million euro budget on Monday evening." },
];
const EARLIER_SOURCE = { url: "https://police.example.org/annual-2024", title: "Police annual report 2024", quote: "Recorded crime fell by 4 percent." };
const RATIONALE = 'Police data show a 4 percent fall, not 40. </blockquote><script>alert("pwned-rationale")</script>';
const REASON = `Reason ${T}: the police statistics were misread the first time`;

let viewer: Client; // an editor who recorded nothing, so every reviewer name in the page comes from the report
let reviewerClient: Client;
let otherTeam: Client;
let names: { reviewer: string; editor2: string };
let teamId: number;
let docId: number;

beforeAll(async () => {
  const a = await teamWith(["EDITOR", "REVIEWER", "EDITOR"]);
  const b = await teamWith(["ADMIN"]);
  teamId = a.team.id;
  names = { reviewer: a.members[1]!.name, editor2: a.members[2]!.name };
  let editor2: Client;
  [viewer, reviewerClient, editor2, otherTeam] = await Promise.all([
    signIn(a.members[0]!.email, PASSWORD),
    signIn(a.members[1]!.email, PASSWORD),
    signIn(a.members[2]!.email, PASSWORD),
    signIn(b.members[0]!.email, PASSWORD),
  ]);
  const doc = await importDoc(viewer, { title: TITLE, text: TEXT, publisher: "The Example Gazette", author: "Mara Quill", publishedAt: "2025-03-03", sourceUrl: "https://gazette.example.com/budget" });
  docId = doc.id;
  expect(doc.claims).toHaveLength(4);
  const put = async (c: Client, path: string, body: unknown) => {
    const res = await c.request("PUT", path, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  };
  await put(reviewerClient, `/api/claims/${claimWithExact(doc, S_SOURCED).id}/verdict`, { label: "SOURCED", sources: SOURCES, expectedVersion: 1 });
  const disputed = claimWithExact(doc, S_DISPUTED).id;
  await put(reviewerClient, `/api/claims/${disputed}/verdict`, { label: "SOURCED", sources: [EARLIER_SOURCE], expectedVersion: 1 });
  await put(editor2, `/api/claims/${disputed}/verdict`, { label: "DISPUTED", rationale: RATIONALE, reason: REASON, expectedVersion: 2 });
  const opinion = claimWithExact(doc, S_OPINION).id;
  await put(editor2, `/api/claims/${opinion}/attribution`, { speaker: "Councillor Jan Novak", cue: "Novak said", expectedVersion: 1 });
  await put(reviewerClient, `/api/claims/${opinion}/verdict`, { label: "OPINION", expectedVersion: 2 });
});

const page = (c: Client | null, query = "", id = docId) =>
  fetch(`${baseUrl()}/documents/${id}/report${query}`, { headers: c ? { cookie: c.cookie } : {}, redirect: "manual" });
const pdf = (c: Client, query = "", headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/api/documents/${docId}/report.pdf${query}`, { headers: { cookie: c.cookie, ...headers }, redirect: "manual" });

/** The page's visible text: no scripts, styles or tags, entities decoded, white space collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** The "Claims and evidence" section only (the article text above it holds every sentence). */
function claimList(html: string): string {
  const m = /<section class="rp-list"[\s\S]*?<\/section>/.exec(html);
  expect(m, "the claims section").not.toBeNull();
  return textOf(m![0]);
}

const exports = (format: string) =>
  db.auditEvent.count({ where: { teamId, action: "export.download", targetType: "document", targetId: String(docId), data: { equals: { format } } } });

async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await doc.destroy();
  return pages;
}
const squeeze = (s: string) => s.replace(/\s+/g, "");

describe("GET /documents/:id/report", () => {
  it("shows the document, the summary, and every claim with its verdict, evidence, reviewer and history", async () => {
    const before = await exports("report");
    const res = await page(viewer);
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = textOf(html);
    for (const s of [TITLE, "The Example Gazette", "Mara Quill", "3 March 2025", "https://gazette.example.com/budget"]) expect(text).toContain(s);
    expect(text).toMatch(new RegExp(`Reviewers (${names.editor2}, ${names.reviewer}|${names.reviewer}, ${names.editor2})`));

    // Summary: 3 of the 4 claims reviewed, one of each verdict, in words beside the chart.
    expect(text).toContain("3 of 4 claims in this article have been reviewed: 1 sourced, 1 disputed, 1 opinion. 1 claim is not reviewed yet.");
    expect(html).toMatch(/<figure class="rp-chart">[\s\S]*<svg[^>]*role="img"/);
    for (const s of ["✓ Sourced 1 (25%)", "✗ Disputed 1 (25%)", "❝ Opinion 1 (25%)", "? Unreviewed 1 (25%)"]) expect(text).toContain(s);

    // The claims, in reading order, numbered, each with its status as glyph and word.
    const list = claimList(html);
    const at = [S_SOURCED, S_DISPUTED, S_OPINION, S_UNREVIEWED].map((s) => list.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    for (const s of ["Claim 1 ✓ SOURCED", "Claim 2 ✗ DISPUTED", "Claim 3 ❝ OPINION", "Claim 4 ? UNREVIEWED"]) expect(list).toContain(s);
    // Sources with their quoted evidence, links and addresses in full.
    for (const s of SOURCES) {
      expect(list).toContain(s.title);
      expect(list).toContain(s.quote);
      expect(list).toContain(s.url);
      expect(list).toContain(s.publisher);
    }
    expect(html).toContain('href="https://news.example.com/budget?x=1&amp;y=2"');
    expect(list).toContain("accessed 4 March 2025");
    expect(list).toContain(`Rationale ${RATIONALE}`);
    expect(list).toContain("Said by Councillor Jan Novak (“Novak said”)");
    expect(list).toContain("In the article’s own voice");
    expect(list).toContain(`Verdict recorded by ${names.reviewer}`);
    expect(list).toContain("Not reviewed yet");
    // History, oldest first, with the reason for the change and the earlier evidence.
    expect(list).toContain(`Reason: ${REASON}`);
    expect(list).toContain(EARLIER_SOURCE.url);
    expect(list.indexOf(`✓ SOURCED by ${names.reviewer}`)).toBeLessThan(list.indexOf(`✗ DISPUTED by ${names.editor2}`));
    expect(list).toContain(`Attribution set by ${names.editor2}: “Councillor Jan Novak” (cue “Novak said”)`);

    // Marked in the text: a numbered marker after each claim, linking to its entry.
    expect(html).toMatch(/<a href="#claim-1" class="rp-SOURCED" aria-label="Claim 1: sourced">1/);
    expect(html).toContain('id="claim-4"');

    expect(await exports("report")).toBe(before + 1);
  });

  it("escapes HTML and script from the text, the rationale and the source titles", async () => {
    const html = await (await page(viewer)).text();
    for (const raw of ["<script>alert(", "<img src=x", "</blockquote><script>"]) expect(html).not.toContain(raw);
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).toContain("&lt;img src=x onerror=alert(");
    expect(textOf(html)).toContain(S_DISPUTED);
  });

  it("unreviewed=0 leaves unreviewed claims out of the list but still counts them", async () => {
    const html = await (await page(viewer, "?unreviewed=0")).text();
    const list = claimList(html);
    expect(list).not.toContain(S_UNREVIEWED);
    expect(list).toContain(S_OPINION);
    expect(list).not.toContain("UNREVIEWED");
    expect(textOf(html)).toContain("1 claim is not reviewed yet and not listed in this report.");
    expect(html).not.toContain('id="claim-4"');
    // The article text is the article: the sentence is there, unmarked.
    expect(html).not.toMatch(/<mark class="rp-UNREVIEWED">/);
  });

  it("reviewers=0 leaves every reviewer's name out, header and history included", async () => {
    const html = await (await page(viewer, "?reviewers=0")).text();
    expect(html).not.toContain(names.reviewer);
    expect(html).not.toContain(names.editor2);
    expect(html).not.toMatch(/<dt>Reviewers?<\/dt>/);
    expect(claimList(html)).toContain(`Reason: ${REASON}`); // the history is still there, without names
  });

  it("history=0 leaves the history, and so the reasons, out", async () => {
    const html = await (await page(viewer, "?history=0")).text();
    expect(html).not.toContain(REASON);
    expect(html).not.toContain(EARLIER_SOURCE.url);
    expect(claimList(html)).toContain(SOURCES[0]!.quote); // the current evidence stays
  });

  it("the form's last value wins, so its hidden 0 + checkbox 1 pairs work without script", async () => {
    const html = await (await page(viewer, "?unreviewed=0&unreviewed=1&history=0&reviewers=0&reviewers=1")).text();
    expect(claimList(html)).toContain(S_UNREVIEWED);
    expect(html).not.toContain(REASON);
    expect(html).toContain(names.reviewer);
  });

  it("a reviewer gets the refusal and none of the document", async () => {
    const before = await exports("report");
    const res = await page(reviewerClient);
    const html = await res.text();
    expect(textOf(html)).toContain("Editors and admins export reports");
    for (const s of [TITLE, S_SOURCED, S_OPINION, SOURCES[1]!.quote, "Mara Quill"]) expect(html).not.toContain(s);
    expect(await exports("report")).toBe(before);
  });

  it("another team gets 404 with none of the data; no session goes to sign-in", async () => {
    const before = await exports("report");
    const res = await page(otherTeam);
    expect(res.status).toBe(404);
    const html = await res.text();
    for (const s of [TITLE, S_SOURCED, S_OPINION, SOURCES[1]!.quote, "Mara Quill", names.reviewer]) expect(html).not.toContain(s);
    expect(await exports("report")).toBe(before);

    const anon = await page(null);
    expect([302, 303, 307]).toContain(anon.status);
    expect(anon.headers.get("location")).toMatch(/\/signin/);
    expect((await page(viewer, "", 2147483647)).status).toBe(404);
  });
});

describe("GET /api/documents/:id/report.pdf", () => {
  it("is the report printed by Chromium: a PDF attachment named after the document, audited once", async () => {
    const [pdfRows, reportRows] = [await exports("pdf"), await exports("report")];
    const started = Date.now();
    const res = await pdf(viewer);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.status, new TextDecoder().decode(bytes.slice(0, 300))).toBe(200);
    console.log(`[report] PDF of a 4-claim document: ${Date.now() - started} ms (server: ${res.headers.get("server-timing")}), ${bytes.byteLength} bytes`);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="claimdesk-report-${docId}-council-budget-check-${T}.pdf"`);
    const pages = await pdfText(bytes);
    expect(squeeze(pages[0]!)).toContain(squeeze(TITLE));
    const all = squeeze(pages.join(" "));
    for (const s of [SOURCES[0]!.quote, REASON, "✓SOURCED", "✗DISPUTED"]) expect(all).toContain(squeeze(s));
    expect(all).not.toContain("Includeunreviewed"); // the screen-only controls are not printed
    // One row for the PDF; the page view inside the render is part of it, not a second export.
    expect(await exports("pdf")).toBe(pdfRows + 1);
    expect(await exports("report")).toBe(reportRows);
  });

  it("takes the page's options from its query string", async () => {
    const res = await pdf(viewer, "?reviewers=0&history=0&unreviewed=0");
    expect(res.status).toBe(200);
    const all = squeeze((await pdfText(new Uint8Array(await res.arrayBuffer()))).join(" "));
    for (const s of [names.reviewer, names.editor2, REASON, "Claim 4", "Not reviewed yet"]) expect(all).not.toContain(squeeze(s));
    expect(all).toContain(squeeze(SOURCES[1]!.quote));
  });

  it("renders behind a proxy that terminates TLS (X-Forwarded-Proto: https, __Secure- cookie)", async () => {
    const proxied = { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" };
    const csrfRes = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: proxied });
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]!);
    const viewerEmail = (await db.user.findFirstOrThrow({ where: { memberships: { some: { teamId, role: "EDITOR" } } }, orderBy: { id: "asc" } })).email;
    const signedIn = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { ...proxied, "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
      body: new URLSearchParams({ csrfToken, email: viewerEmail, password: PASSWORD, callbackUrl: `${baseUrl()}/documents` }),
    });
    const session = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("__Secure-authjs.session-token="));
    expect(session, "a __Secure- session cookie").toBeDefined();
    const res = await fetch(`${baseUrl()}/api/documents/${docId}/report.pdf`, { headers: { ...proxied, cookie: session! } });
    expect(res.status, res.status === 200 ? "" : await res.text()).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
  });

  it("is refused to a reviewer (403), another team (404), no session (401) and API tokens (403)", async () => {
    const before = await exports("pdf");
    const refused = await pdf(reviewerClient);
    expectError({ status: refused.status, json: await refused.json() }, 403, "FORBIDDEN");
    const foreign = await pdf(otherTeam);
    const body = await foreign.text();
    expect(foreign.status).toBe(404);
    for (const s of [TITLE, "council-budget"]) expect(body).not.toContain(s);
    expect((await fetch(`${baseUrl()}/api/documents/${docId}/report.pdf`)).status).toBe(401);

    const { token, tokenHash, prefix } = newToken();
    const viewerMember = await db.membership.findFirstOrThrow({ where: { teamId, role: "EDITOR" }, orderBy: { id: "asc" } });
    await db.apiToken.create({ data: { membershipId: viewerMember.id, name: `report ${T}`, tokenHash, prefix } });
    const viaToken = await fetch(`${baseUrl()}/api/documents/${docId}/report.pdf`, { headers: { authorization: `Bearer ${token}` } });
    const error = expectError({ status: viaToken.status, json: await viaToken.json() }, 403, "FORBIDDEN");
    expect(error.message).toMatch(/browser session/);
    expect(await exports("pdf")).toBe(before);
  });
});

describe("a 2,000-claim document", () => {
  it("renders its report page and PDF in seconds (no query per claim)", { timeout: 240_000 }, async () => {
    const n = 2000;
    const sentences = Array.from({ length: n }, (_, i) => `Sentence number ${i + 1} says the depot moved ${i * 7} crates of supplies on day ${i % 31}.`);
    const paragraphs = [];
    for (let i = 0; i < n; i += 8) paragraphs.push(sentences.slice(i, i + 8).join(" "));
    const big = await importDoc(viewer, { title: `Big ledger ${tag()}`, text: `${paragraphs.join("\n\n")}\nRef ${tag()}` });
    expect(big.claims).toHaveLength(n);
    const reviewerId = (await db.membership.findFirstOrThrow({ where: { teamId, role: "REVIEWER" } })).userId;
    // Verdicts straight into the tables: 2,000 API calls would measure the API, not the report.
    const labels = ["SOURCED", "DISPUTED", "OPINION"] as const;
    const judged = big.claims.filter((_: unknown, i: number) => i % 4 !== 3);
    const verdicts = await db.verdict.createManyAndReturn({
      data: judged.map((c: { id: number }, i: number) => ({ teamId, claimId: c.id, label: labels[i % 3]!, rationale: i % 3 === 1 ? `Rationale ${i}` : null, reviewerId, version: 2 })),
      select: { id: true, claimId: true, label: true },
    });
    await db.source.createMany({
      data: verdicts.filter((v) => v.label === "SOURCED").flatMap((v) => [0, 1].map((position) => ({ verdictId: v.id, position, url: `https://ledger.example.org/${v.claimId}/${position}`, title: `Ledger ${v.claimId}`, quote: `Entry ${v.claimId} shows the crates.` }))),
    });
    for (const label of labels)
      await db.claim.updateMany({ where: { id: { in: verdicts.filter((v) => v.label === label).map((v) => v.claimId) } }, data: { status: label, version: 2 } });

    let started = Date.now();
    const res = await fetch(`${baseUrl()}/documents/${big.id}/report`, { headers: { cookie: viewer.cookie } });
    const html = await res.text();
    const pageMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(html).toContain('id="claim-2000"');
    expect(textOf(html)).toContain(`1500 of 2000 claims in this article have been reviewed: 500 sourced, 500 disputed, 500 opinion.`);

    started = Date.now();
    const pdfRes = await fetch(`${baseUrl()}/api/documents/${big.id}/report.pdf?history=0`, { headers: { cookie: viewer.cookie } });
    const bytes = new Uint8Array(await pdfRes.arrayBuffer());
    const pdfMs = Date.now() - started;
    expect(pdfRes.status).toBe(200);
    console.log(`[report] 2,000 claims: page ${pageMs} ms (${Math.round(html.length / 1024)} KB), PDF ${pdfMs} ms (${Math.round(bytes.byteLength / 1024)} KB)`);
    expect(pageMs).toBeLessThan(15_000);
    expect(pdfMs).toBeLessThan(60_000); // the render deadline: MAX_PDF_CLAIMS must print inside it
  });
});

describe("PDFs that cannot be made in time", () => {
  it(`a document over ${MAX_PDF_CLAIMS.toLocaleString("en")} claims is a 413 at once, pointing to the report page and the exports`, async () => {
    const n = MAX_PDF_CLAIMS + 1;
    const text = Array.from({ length: n }, (_, i) => `Line ${i + 1} of the ledger moved ${i} crates ${T}.`).join("\n");
    const big = await importDoc(viewer, { title: `Too big to print ${tag()}`, text });
    expect(big.claims.length).toBeGreaterThan(MAX_PDF_CLAIMS);
    const before = await exports("pdf");
    const started = Date.now();
    const res = await fetch(`${baseUrl()}/api/documents/${big.id}/report.pdf`, { headers: { cookie: viewer.cookie } });
    const err = expectError({ status: res.status, json: await res.json() }, 413, "PDF_TOO_LARGE");
    expect(Date.now() - started).toBeLessThan(5_000); // no browser was started
    expect(err.message).toContain(`/documents/${big.id}/report`);
    expect(err.message).toContain(`/api/documents/${big.id}/export?format=csv`);
    expect(await exports("pdf")).toBe(before);
    // The pages say so instead of offering a link that would fail.
    const reportHtml = await (await fetch(`${baseUrl()}/documents/${big.id}/report`, { headers: { cookie: viewer.cookie } })).text();
    expect(reportHtml).toContain('id="pdf-limit"');
    expect(reportHtml).not.toContain(`/api/documents/${big.id}/report.pdf`);
    const reviewHtml = await (await fetch(`${baseUrl()}/documents/${big.id}`, { headers: { cookie: viewer.cookie } })).text();
    expect(reviewHtml).not.toContain(`/api/documents/${big.id}/report.pdf`);
  });

  describe("past the render deadline", () => {
    let server: AppServer;
    beforeAll(async () => {
      server = await startAppServer({ PDF_DEADLINE_MS: "300", TRUSTED_PROXIES: "loopback" });
    }, 60_000);
    afterAll(() => server?.stop());

    it("the caller gets 503 PDF_TIMEOUT with what to do, and the render slot is free again at once", async () => {
      const get = () => fetch(`${server.url}/api/documents/${docId}/report.pdf`, { headers: { cookie: viewer.cookie } }).then(async (r) => ({ status: r.status, json: await r.json(), headers: r.headers }));
      const started = Date.now();
      const first = await get();
      expect(Date.now() - started).toBeLessThan(5_000);
      const err = expectError(first, 503, "PDF_TIMEOUT");
      expect(err.message).toMatch(/Print → Save as PDF/);
      expect(Number(first.headers.get("retry-after"))).toBeGreaterThan(0);
      // Two slots: if a timed-out render still held one, the third of these would be PDF_BUSY.
      for (const r of await Promise.all([get(), get()])) expectError(r, 503, "PDF_TIMEOUT");
      expectError(await get(), 503, "PDF_TIMEOUT");
    });
  });
});
