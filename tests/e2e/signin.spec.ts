// The sign-in page under a lockout (docs/decisions/0014): the page's server action sets the device
// cookie, a browser holding it gets through, and a new browser is told what it can do.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEVICE_COOKIE } from "@/lib/server/device-cookie";
import { EMAIL_FAILURES } from "@/lib/server/throttle";
import { PASSWORD, teamWith } from "../helpers/factories";
import { newPage, sharedBrowser, signInAs, textMatching } from "./browser";

const chromium = sharedBrowser();

async function submit(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
}

describe("sign-in lockout", () => {
  it("lets a browser that signed in before through after someone else's failures; a new browser is told to wait or use it", async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const email = members[0]!.email;

    const known = await newPage(chromium.browser);
    await signInAs(known.page, email, PASSWORD);
    const device = (await known.context.cookies()).find((c) => c.name === DEVICE_COOKIE);
    expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(device!.value).not.toContain(email.split("@")[0]);
    await known.page.getByRole("button", { name: "Sign out" }).click();
    await known.page.waitForURL(/\/signin/);

    const other = await newPage(chromium.browser);
    for (let i = 0; i < EMAIL_FAILURES; i++) {
      await submit(other.page, email, "not the password");
      await textMatching(other.page.locator(".banner.error"), /do not match an account/);
    }
    await submit(other.page, email, PASSWORD);
    const message = await textMatching(other.page.locator("[data-testid=signin-throttled]"), /Too many failed sign-ins for this account/);
    expect(message).toMatch(/Wait 1[45] minutes and try again, or sign in from a browser you have signed in to this account with before/);
    expect(message).toMatch(/tell your team's admin/);
    expect(other.page.url()).toMatch(/\/signin\?error=throttled/);

    await signInAs(known.page, email, PASSWORD);
    expect(known.page.url()).toMatch(/\/(documents|queue)$/);

    expect([...known.pageErrors, ...other.pageErrors]).toEqual([]);
    await known.context.close();
    await other.context.close();
  });
});
