// A 10,000-claim document on the windowed review page (issue 13, decision 0028): only what is on
// screen is drawn, j/k and End reach the last claim, #claim-<id> scrolls a far claim into view,
// and a verdict recorded far down the list persists.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { signIn } from "../helpers/http";
import { tag } from "../helpers/claimdesk";
import { DEMO_EDITOR, DEMO_PASSWORD, DEMO_REVIEWER, newPage, panelNotice, selectedQuote, sharedBrowser, signInAs, textMatching } from "./browser";

const CLAIMS = 10_000;
const chromium = sharedBrowser();
const PLACES = ["Lagos", "Warsaw", "Manila", "Ottawa", "Nairobi", "Jakarta", "Kyiv"];
const TOPICS = ["the rail budget", "grain exports", "hospital waiting times", "energy prices", "housing starts"];

/** Deterministic: sentence i of the article, one claim each; paragraphs of five. */
const sentence = (i: number, t: string) => `Report ${i + 1} from ${PLACES[i % 7]} says ${TOPICS[i % 5]} grew by ${(i % 97) + 3} percent last year (${t}).`;
function articleText(t: string) {
  const parts: string[] = [];
  for (let i = 0; i < CLAIMS; i++) parts.push(sentence(i, t), (i + 1) % 5 ? " " : "\n\n");
  return parts.join("").trimEnd();
}

type Json = any;
let doc: { id: number; ids: number[] };
let t: string;

beforeAll(async () => {
  t = tag();
  const editor = await signIn(DEMO_EDITOR, DEMO_PASSWORD);
  const res = await editor.request("POST", "/api/documents", { title: `Big document ${t}`, text: articleText(t) });
  expect(res.status).toBe(201);
  const claims = (res.json.document.claims as Json[]).filter((c) => !c.dismissed);
  expect(claims).toHaveLength(CLAIMS);
  doc = { id: res.json.document.id, ids: claims.map((c) => c.id) };
}, 120_000);

const selectedId = (page: Page) => page.evaluate(() => document.querySelector<HTMLElement>("[data-testid=article] mark[data-selected=true]")?.dataset.claim ?? null);
/** Waits until the claim is selected, then says whether its anchor mark is inside the window. */
async function selectedInView(page: Page, id: number) {
  await page.waitForFunction((want) => document.querySelector<HTMLElement>("[data-testid=article] mark[data-selected=true]")?.dataset.claim === String(want), id, { timeout: 15_000 });
  // Scrolling settles over a few frames (blocks are measured as they are drawn).
  return page
    .waitForFunction(
      (want) => {
        const r = document.getElementById(`claim-${want}`)!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
      },
      id,
      { timeout: 5_000 },
    )
    .then(() => true)
    .catch(() => false);
}

describe("a 10,000-claim document", () => {
  it("draws only what is on screen, and walks to the last claim with j, End and k", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, DEMO_REVIEWER);
    await page.goto(`/documents/${doc.id}`);
    await page.waitForSelector("[data-testid=article] mark");
    await textMatching(page.locator("[data-testid=progress]"), /^0 of 10000 reviewed/);
    const drawn = await page.evaluate(() => ({
      marks: document.querySelectorAll("[data-testid=article] mark[data-claim]").length,
      items: document.querySelectorAll("[data-testid=claim-item]").length,
      text: document.querySelector("[data-testid=article]")!.textContent!.length,
    }));
    expect(drawn.marks).toBeGreaterThan(10);
    expect(drawn.marks).toBeLessThan(500);
    expect(drawn.items).toBeLessThan(200);

    // Plain j presses: the selection walks claim by claim and the page follows it.
    for (let i = 0; i < 40; i++) await page.keyboard.press("j");
    expect(await selectedInView(page, doc.ids[39]!)).toBe(true);
    await expect(selectedQuote(page)).resolves.toBe(sentence(39, t));

    // End: the last claim, far below, drawn and in view; k and j around it keep it so.
    await page.keyboard.press("End");
    expect(await selectedInView(page, doc.ids.at(-1)!)).toBe(true);
    for (let i = 0; i < 5; i++) await page.keyboard.press("k");
    expect(await selectedInView(page, doc.ids.at(-6)!)).toBe(true);
    for (let i = 0; i < 10; i++) await page.keyboard.press("j"); // stays on the last one
    expect(await selectedInView(page, doc.ids.at(-1)!)).toBe(true);
    await expect(selectedQuote(page)).resolves.toBe(sentence(CLAIMS - 1, t));
    // The claim list follows: its selected item is drawn and current.
    await expect(page.locator(`[data-claim-item="${doc.ids.at(-1)}"][aria-current=true]`).count()).resolves.toBe(1);
    // Still only a window of the article in the DOM.
    expect(await page.evaluate(() => document.querySelectorAll("[data-testid=article] mark[data-claim]").length)).toBeLessThan(500);
    // Home goes back to the top.
    await page.keyboard.press("Home");
    expect(await selectedInView(page, doc.ids[0]!)).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("scrolls to a far claim named in the address, and keeps a verdict recorded there", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, DEMO_REVIEWER);
    const far = doc.ids[9_499]!;
    await page.goto(`/documents/${doc.id}#claim-${far}`);
    expect(await selectedInView(page, far)).toBe(true);
    expect(await selectedId(page)).toBe(String(far));
    await expect(selectedQuote(page)).resolves.toBe(sentence(9_499, t));

    // Its details come in a page of their own; then 3 records Opinion at once.
    await page.waitForSelector("form[aria-label=Verdict]");
    await page.keyboard.press("3");
    await textMatching(panelNotice(page), /Saved: Opinion/);
    await page.keyboard.press("j");
    expect(await selectedInView(page, doc.ids[9_500]!)).toBe(true);

    await page.reload();
    expect(await selectedInView(page, far)).toBe(true);
    await expect(page.locator(`#claim-${far}`).getAttribute("data-status")).resolves.toBe("OPINION");
    await textMatching(page.locator("[data-testid=progress]"), /^1 of 10000 reviewed/);
    await textMatching(page.locator("[aria-label='Selected claim'] h2").first(), /Claim #\d+ Opinion/);

    // Find in document: the claim list filters to the claims with these words; Enter selects the first.
    await page.fill("[data-testid=claim-find]", `Report ${9_000 + 1} from`);
    await textMatching(page.locator("[data-testid=claim-find-count]"), /^1 claim contains/);
    await page.keyboard.press("Enter");
    expect(await selectedInView(page, doc.ids[9_000]!)).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
