import { describe, expect, it } from "vitest";
import { createMember, createTeam } from "@/seeds/factories";
import { PASSWORD } from "../helpers/factories";
import { signIn } from "../helpers/http";
import { importDoc, tag } from "../helpers/claimdesk";
import { newPage, sharedBrowser, signInAs, textMatching } from "./browser";

const PAYLOAD = `<img src=x onerror="alert('xss')"><script>alert('xss')</script>`;

const chromium = sharedBrowser();

describe("hostile text everywhere a user can type", () => {
  it("renders team names, titles, article text, rationales and source titles inert", async () => {
    const t = tag();
    const team = await createTeam(`Team ${PAYLOAD}`, `xss-${t}`);
    const editor = await createMember(team, { email: `xss-${t}@example.test`, name: `Ed ${PAYLOAD}`, password: PASSWORD, role: "EDITOR" });
    const api = await signIn(editor.email, PASSWORD);
    const doc = await importDoc(api, { title: `Title ${PAYLOAD}`, text: `The council said ${PAYLOAD} that rents rose 4 percent. Critics disagree with that figure.` });
    const claim = doc.claims[0];
    const put = await api.request("PUT", `/api/claims/${claim.id}/verdict`, {
      label: "SOURCED",
      rationale: `Rationale ${PAYLOAD}`,
      sources: [{ url: "https://example.org/report", title: `Source ${PAYLOAD}`, quote: `Quote ${PAYLOAD}` }],
      expectedVersion: 1,
    });
    expect(put.status).toBe(200);

    const { page, context, dialogs, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, editor.email, PASSWORD);
    await textMatching(page.locator(".topbar"), /Team <img src=x/);
    await page.goto(`/documents/${doc.id}`);
    await page.waitForSelector("[data-testid=article] mark");
    await page.locator(`mark[data-claim="${claim.id}"]`).first().click();
    const history = await textMatching(page.locator("ol.history"), /Rationale <img/);
    expect(history).toContain(`Source ${PAYLOAD}`);
    expect(history).toContain(`Quote ${PAYLOAD}`);
    await expect(page.locator("h1").innerText()).resolves.toBe(`Title ${PAYLOAD}`);
    // Nothing from the payload became markup, and nothing ran.
    expect(await page.locator("main img, main script:not([src]):not([nonce])").count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll("img[src='x']").length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
