// Debian's chromium driven by playwright-core (playwright's own browser download fails offline).
import { afterAll, beforeAll } from "vitest";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/chromium";
import { baseUrl } from "../helpers/env";

export const DEMO_PASSWORD = "claimdesk-demo-2025";
export const DEMO_EDITOR = "editor@claimdesk.test";
export const DEMO_REVIEWER = "reviewer@claimdesk.test";

export async function launch(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  // playwright gives every launch a fresh, temporary profile directory of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  return { browser, close: () => browser.close() };
}

/** One Chromium for a spec file: launched before its tests, closed after them. Read `.browser` in tests. */
export function sharedBrowser(): { readonly browser: Browser } {
  const state: { browser: Browser; close?: () => Promise<void> } = { browser: undefined as unknown as Browser };
  beforeAll(async () => {
    const launched = await launch();
    state.browser = launched.browser;
    state.close = launched.close;
  });
  afterAll(async () => {
    await state.close?.();
  });
  return state;
}

/** The review page's selected claim quote, and the notice under its verdict form. */
export const selectedQuote = (page: Page) => page.locator("[data-testid=claim-quote]").innerText();
export const panelNotice = (page: Page) => page.locator("[data-testid=panel-notice]");

/** A page whose script errors and dialogs are recorded, so a test can assert there were none. */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; pageErrors: string[]; dialogs: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { context, page, pageErrors, dialogs };
}

export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForURL(/\/(documents|queue)$/); // reviewers land in their queue, the others in the documents
}

/** Waits until the locator's text matches (pages update after network round trips), then returns it. */
export async function textMatching(locator: Locator, pattern: RegExp, timeout = 10_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = "";
  while (Date.now() < deadline) {
    last = (await locator.first().innerText({ timeout: 1_000 }).catch(() => "")) ?? "";
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`text ${JSON.stringify(last)} did not match ${pattern} within ${timeout} ms`);
}
