// Settings (API tokens, password) and the audit log, in Chromium, with fresh teams of their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import type { Member } from "@/lib/server/session";
import { launch, newPage, signInAs, textMatching } from "./browser";

let browser: Browser;
let close: () => Promise<void>;
let admin: Member;
let reviewer: Member;
const TOKEN_NAME = `Newsroom export ${Date.now().toString(36)}`;

beforeAll(async () => {
  ({ browser, close } = await launch());
  const { members } = await teamWith(["ADMIN", "REVIEWER"]);
  [admin, reviewer] = members as [Member, Member];
});
afterAll(async () => {
  await close?.();
});

const getDocuments = (secret: string) => fetch(`${baseUrl()}/api/documents`, { headers: { authorization: `Bearer ${secret}` } });

describe("settings: API tokens", () => {
  it("creates a token, shows its secret once, the token works from a script, and revoking it in the UI ends it", async () => {
    const { page, context, pageErrors } = await newPage(browser);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInAs(page, reviewer.email, PASSWORD);
    await page.goto("/settings");
    expect(await page.locator("[data-testid=profile-email]").innerText()).toBe(reviewer.email);
    // Not an admin: no link to team management.
    expect(await page.getByRole("link", { name: "Team members and invitations" }).count()).toBe(0);
    await textMatching(page.locator("#tokens-heading + p"), /Reviewer/);

    await page.fill("#token-name", TOKEN_NAME);
    await page.selectOption("#token-expiry", "30");
    await page.getByRole("button", { name: "Create token" }).click();
    const reveal = page.locator("[data-testid=token-secret]");
    await textMatching(reveal, /will not be shown again/);
    const secret = await page.inputValue("#token-secret-value");
    expect(secret).toMatch(/^cdk_/);
    await page.getByRole("button", { name: "Copy" }).click();
    await textMatching(reveal, /Copied to the clipboard/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.screenshot({ path: "/tmp/claimdesk-settings.png", fullPage: true });

    const row = page.locator("tr", { hasText: TOKEN_NAME });
    await textMatching(row.locator("[data-testid=token-status]"), /Active/);
    expect(await row.innerText()).toContain(secret.slice(0, 10));

    const ok = await getDocuments(secret);
    expect(ok.status).toBe(200);
    expect(Array.isArray(((await ok.json()) as { documents: unknown }).documents)).toBe(true);

    // After a reload the secret is gone for good; the list shows the use.
    await page.reload();
    expect(await page.locator("[data-testid=token-secret]").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    const reloadedRow = page.locator("tr", { hasText: TOKEN_NAME });
    expect((await reloadedRow.locator("td").nth(3).innerText()).trim()).toMatch(/UTC$/);

    // Revoke asks first; cancel keeps it.
    await page.getByRole("button", { name: `Revoke ${TOKEN_NAME}` }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect((await getDocuments(secret)).status).toBe(200);
    await page.getByRole("button", { name: `Revoke ${TOKEN_NAME}` }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    await textMatching(reloadedRow.locator("[data-testid=token-status]"), /Revoked/);
    expect((await getDocuments(secret)).status).toBe(401);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("settings: password", () => {
  it("shows errors at the inputs, changes the password, and the new one signs in", async () => {
    const { members } = await teamWith(["EDITOR"]);
    const m = members[0]!;
    const NEW = "sparrow lantern quarry 58";
    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, m.email, PASSWORD);
    await page.goto("/settings");

    await page.fill("#pw-current", "not the password at all");
    await page.fill("#pw-new", NEW);
    await page.fill("#pw-confirm", NEW);
    await page.getByRole("button", { name: "Change password" }).click();
    await textMatching(page.locator("#pw-currentPassword-error"), /not your current password/);
    expect(await page.getAttribute("#pw-current", "aria-invalid")).toBe("true");

    await page.fill("#pw-current", PASSWORD);
    await page.fill("#pw-new", "qwerty123456");
    await page.fill("#pw-confirm", "qwerty123456");
    await page.getByRole("button", { name: "Change password" }).click();
    await textMatching(page.locator("#pw-newPassword-error"), /common passwords/);
    expect(await page.getAttribute("#pw-new", "aria-invalid")).toBe("true");

    await page.fill("#pw-new", NEW);
    await page.fill("#pw-confirm", NEW + "x");
    await page.getByRole("button", { name: "Change password" }).click();
    await textMatching(page.locator("#pw-confirm-error"), /does not match/);

    await page.fill("#pw-confirm", NEW);
    await page.getByRole("button", { name: "Change password" }).click();
    await textMatching(page.locator(".banner.ok"), /Password changed/);
    expect(await page.inputValue("#pw-current")).toBe("");
    // This browser stays signed in.
    await page.goto("/documents");
    expect(page.url()).toMatch(/\/documents$/);

    const other = await newPage(browser);
    await signInAs(other.page, m.email, NEW);
    expect(other.page.url()).toMatch(/\/documents$/); // an editor lands in the documents
    await other.context.close();

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("audit log", () => {
  it("shows an admin the token.create row and filters by action; a reviewer gets the admins-only page", async () => {
    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, admin.email, PASSWORD);
    await page.goto("/settings");
    await page.locator("main").getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL("**/audit");
    const createRow = page.locator('tr[data-action="token.create"]', { hasText: TOKEN_NAME });
    await textMatching(createRow, new RegExp(reviewer.name));
    await page.screenshot({ path: "/tmp/claimdesk-audit.png", fullPage: true });

    await page.selectOption("#audit-action", "token.create");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/action=token\.create/);
    const actions = await page.locator("[data-testid=audit-table] tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(["token.create"]));
    expect(pageErrors).toEqual([]);
    await context.close();

    const r = await newPage(browser);
    await signInAs(r.page, reviewer.email, PASSWORD);
    await r.page.goto("/audit");
    await textMatching(r.page.locator("[data-testid=forbidden]"), /Admins only/);
    expect(await r.page.locator("[data-testid=audit-table]").count()).toBe(0);
    await r.context.close();
  });
});
