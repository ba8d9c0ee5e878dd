import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { signIn } from "../helpers/http";
import { importDoc, tag } from "../helpers/claimdesk";
import { DEMO_EDITOR, DEMO_PASSWORD, DEMO_REVIEWER, newPage, sharedBrowser, signInAs, textMatching } from "./browser";

const EDITOR = DEMO_EDITOR;
const REVIEWER = DEMO_REVIEWER;
const seed002 = readFileSync(new URL("../../seeds/002_d2cb9117359a96a3.txt", import.meta.url), "utf8");

const chromium = sharedBrowser();

const STRIKE_EVIDENCE = "At least eight people were killed and 77 injured in the overnight missile and drone attack on Kyiv, the State Emergency Service said.";
const REASON = "The city administration counted heavier attacks on Kyiv in the autumn; ‘since July’ does not hold.";

/** A copy of a seed article with one claim of each kind, a change with a reason, and an attribution. */
async function preparedArticle() {
  const title = `Another setback for Russia-Ukraine peace talks (${tag()})`;
  const editor = await signIn(EDITOR, DEMO_PASSWORD);
  const reviewer = await signIn(REVIEWER, DEMO_PASSWORD);
  const doc = await importDoc(editor, {
    title,
    text: `${seed002}\nRef ${tag()}`,
    publisher: "GZERO Media",
    author: "Willis Sparks",
    publishedAt: "2025-04-24",
    sourceUrl: "https://www.gzeromedia.example/gzero-daily/another-setback-for-russia-ukraine-peace-talks",
  });
  const claim = (prefix: string) => {
    const c = doc.claims.find((x: { exact: string }) => x.exact.startsWith(prefix));
    if (!c) throw new Error(`no claim starts with ${prefix}`);
    return c.id as number;
  };
  const put = async (client: typeof editor, path: string, body: unknown) => {
    const res = await client.request("PUT", path, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  };
  await put(reviewer, `/api/claims/${claim("Russia pounded Kyiv")}/verdict`, {
    label: "SOURCED",
    rationale: "Casualty figures match the emergency service's statement and wire reports from the morning after.",
    sources: [
      { url: "https://dsns.example.gov.ua/en/news/kyiv-strike-24-april", title: "Consequences of the night attack on Kyiv", publisher: "State Emergency Service of Ukraine", quote: STRIKE_EVIDENCE, accessedAt: "2025-04-24" },
      { url: "https://wire.example.com/world/europe/russian-strike-kyiv-kills-eight-2025-04-24/", title: "Russian strike on Kyiv kills at least eight", publisher: "Example Wire", quote: "Russia launched dozens of missiles and drones at Kyiv overnight, killing at least eight people and wounding more than 70." },
    ],
    expectedVersion: 1,
  });
  const heaviest = claim("It was the heaviest attack");
  await put(reviewer, `/api/claims/${heaviest}/verdict`, {
    label: "SOURCED",
    sources: [{ url: "https://wire.example.com/heaviest-since-july", title: "Heaviest attack on Kyiv since July", quote: "It was the deadliest attack on the capital since July." }],
    expectedVersion: 1,
  });
  await put(editor, `/api/claims/${heaviest}/verdict`, {
    label: "DISPUTED",
    rationale: "The Kyiv City Military Administration recorded larger attacks on the capital in late 2024; the wire report compared deaths, not the size of the attack.",
    reason: REASON,
    expectedVersion: 2,
  });
  await put(reviewer, `/api/claims/${claim("It’s all Big Smoke")}/verdict`, { label: "OPINION", expectedVersion: 1 });
  const zelensky = claim("Zelensky was in South Africa");
  await put(editor, `/api/claims/${zelensky}/attribution`, { speaker: "Zelensky's office", cue: "he will cut short the trip", expectedVersion: 1 });
  await put(reviewer, `/api/claims/${zelensky}/verdict`, {
    label: "SOURCED",
    sources: [{ url: "https://president.example.gov.ua/en/news/visit-south-africa", title: "President cuts short visit to South Africa", publisher: "Office of the President of Ukraine", quote: "The President will return to Kyiv after meeting President Ramaphosa." }],
    expectedVersion: 2,
  });
  return { id: doc.id as number, title };
}

describe("the article report", () => {
  it("an editor follows the Report link from the review page and gets the summary, the evidence and the history", async () => {
    const article = await preparedArticle();
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, EDITOR);
    await page.goto(`/documents/${article.id}`);
    await page.waitForSelector("[data-testid=article] mark");
    await page.screenshot({ path: "/tmp/report-links.png", clip: { x: 0, y: 0, width: 1400, height: 240 } });
    const exportNav = page.getByRole("navigation", { name: "Export" });
    expect(await exportNav.getByRole("link", { name: "PDF" }).getAttribute("href")).toBe(`/api/documents/${article.id}/report.pdf`);
    await exportNav.getByRole("link", { name: "Report" }).click();
    await page.waitForURL(`**/documents/${article.id}/report`);

    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(article.title);
    await textMatching(page.locator(".rp-lede"), /^4 of \d+ claims in this article have been reviewed: 2 sourced, 1 disputed, 1 opinion\./);
    await expect(page.locator("figure.rp-chart svg[role=img]").count()).resolves.toBe(1);
    await textMatching(page.locator(".rp-meta"), /Reviewers\s+Elena Editor, Ravi Reviewer/);

    const first = page.locator("li.rp-claim", { hasText: "Russia pounded Kyiv" });
    await textMatching(first, /✓ SOURCED/);
    await textMatching(first.locator(".rp-evidence").first(), new RegExp(STRIKE_EVIDENCE.slice(0, 40)));
    await expect(first.getByRole("link", { name: "Consequences of the night attack on Kyiv" }).getAttribute("href")).resolves.toBe(
      "https://dsns.example.gov.ua/en/news/kyiv-strike-24-april",
    );
    const disputed = page.locator("li.rp-claim", { hasText: "heaviest attack" });
    await textMatching(disputed.locator(".rp-history"), /✓ SOURCED by Ravi Reviewer[\s\S]*✗ DISPUTED by Elena Editor[\s\S]*Reason: The city administration/);
    // The detected speaker is underlined in the text, and "Said by" links to it.
    const brideau = page.locator("li.rp-claim", { hasText: "Putin last year said" });
    const saidBy = brideau.locator(".rp-said a.rp-said-link");
    await expect(saidBy.innerText()).resolves.toMatch(/^Alex Brideau/);
    const target = (await saidBy.getAttribute("href"))!;
    expect(target).toMatch(/^#said-\d+$/);
    await expect(page.locator(`.rp-article .rp-speaker:has(${target})`).innerText()).resolves.toMatch(/^Alex Brideau/);
    await expect(page.locator(".rp-article .rp-cue", { hasText: "said" }).count()).resolves.toBeGreaterThan(0);
    // Each marker in the text links to its claim in the list.
    const marker = page.locator(".rp-article .rp-marker a").first();
    expect(await marker.getAttribute("href")).toMatch(/^#claim-\d+$/);

    await page.screenshot({ path: "/tmp/report-screen.png", fullPage: false });
    await page.screenshot({ path: "/tmp/report-screen-full.png", fullPage: true });
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".topbar").isVisible()).resolves.toBe(false);
    await expect(page.locator(".rp-controls").isVisible()).resolves.toBe(false);
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await page.screenshot({ path: "/tmp/report-print.png", fullPage: true });
    await page.emulateMedia({ media: "screen" });

    // The PDF link answers a real PDF for the same session.
    const pdf = await page.request.get(`/api/documents/${article.id}/report.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    writeFileSync("/tmp/report.pdf", await pdf.body());

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("the options leave reviewer names and the history out, and a reviewer is told who exports reports", async () => {
    const article = await preparedArticle();
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, EDITOR);
    await page.goto(`/documents/${article.id}/report`);
    await page.getByLabel("Reviewer names").uncheck();
    await page.getByLabel("Change history").uncheck();
    await page.getByRole("button", { name: "Update" }).click();
    await page.waitForURL(/reviewers=1&reviewers=0|reviewers=0/);
    await page.waitForSelector(".rp-sheet");
    const text = await page.locator(".rp-sheet").innerText();
    expect(text).not.toContain("Ravi Reviewer");
    expect(text).not.toContain(REASON);
    expect(text).toContain(STRIKE_EVIDENCE);
    await expect(page.getByLabel("Reviewer names").isChecked()).resolves.toBe(false);
    await expect(page.getByLabel("Unreviewed claims").isChecked()).resolves.toBe(true);
    expect(await page.getByRole("link", { name: "Download PDF" }).getAttribute("href")).toBe(
      `/api/documents/${article.id}/report.pdf?unreviewed=1&history=0&reviewers=0`,
    );
    expect(pageErrors).toEqual([]);
    await context.close();

    const asReviewer = await newPage(chromium.browser);
    await signInAs(asReviewer.page, REVIEWER);
    await asReviewer.page.goto(`/documents/${article.id}`);
    await asReviewer.page.waitForSelector("[data-testid=article] mark");
    expect(await asReviewer.page.getByRole("navigation", { name: "Export" }).count()).toBe(0);
    await asReviewer.page.goto(`/documents/${article.id}/report`);
    await textMatching(asReviewer.page.locator("[data-testid=forbidden]"), /Editors and admins export reports/);
    expect(await asReviewer.page.locator(".rp-sheet").count()).toBe(0);
    await asReviewer.context.close();
  });
});
