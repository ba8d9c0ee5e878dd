import { apiRoute, parseWith, readJson } from "@/lib/server/api";
import { requireBrowserSession } from "@/lib/server/account";
import { createToken, listTokens, TOKEN_CREATE_REFUSED } from "@/lib/server/api-tokens";
import { tokenCreate } from "@/lib/schemas/account";

export const GET = apiRoute("token.manage", async ({ member }) => ({ body: { tokens: await listTokens(member) } }));

export const POST = apiRoute("token.manage", async ({ req, member }) => {
  requireBrowserSession(member, TOKEN_CREATE_REFUSED);
  const input = parseWith(tokenCreate, await readJson(req, 4 * 1024));
  // The secret is in this response only; only its hash is stored.
  const { token, secret } = await createToken(member, input);
  return { status: 201, body: { token, secret } };
});
