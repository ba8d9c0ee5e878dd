import { NextResponse, type NextRequest } from "next/server";
import { throttledMessage } from "@/lib/domain/sign-in-throttling";
import { errorResponse } from "@/lib/server/api";
import { handlers } from "@/lib/server/auth";
import { DEVICE_COOKIE, knownDevice } from "@/lib/server/device-cookie";
import { ipFrom } from "@/lib/server/request";
import { signInRefusal } from "@/lib/server/throttle";

export async function GET(req: NextRequest) {
  try {
    return badCallbackUrl(req) ?? (await withErrorShape(await handlers.GET(req)));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * The credentials callback answers 429 with Retry-After while an email or IP is throttled, before
 * Auth.js runs (which would answer with a redirect). Same answer whether the email exists or not;
 * a browser with a device cookie for the email is held only by its own and the IP's limits
 * (docs/decisions/0014).
 */
export async function POST(req: NextRequest) {
  try {
    const bad = badCallbackUrl(req);
    if (bad) return bad;
    if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
      const form = await req.clone().formData().catch(() => null);
      const email = String(form?.get("email") ?? "");
      const refusal = email ? await signInRefusal({ email, ip: ipFrom(req.headers), device: knownDevice(email, req.cookies.get(DEVICE_COOKIE)?.value) }) : null;
      if (refusal)
        return NextResponse.json(
          { error: { code: "TOO_MANY_REQUESTS", message: throttledMessage(refusal.limit, refusal.retryAfter) } },
          { status: 429, headers: { "Retry-After": String(refusal.retryAfter) } },
        );
    }
    return await withErrorShape(await handlers.POST(req));
  } catch (error) {
    return errorResponse(error); // e.g. 503 while the database is unreachable
  }
}

/**
 * Auth.js checks the callbackUrl (query parameter or cookie) as part of its configuration: one
 * that is not an http(s) URL or a /path makes it answer 500 ("a problem with the server
 * configuration") and log an error. It is the client's input, so refuse it here, with its rule.
 */
function badCallbackUrl(req: NextRequest): Response | null {
  const values = [req.nextUrl.searchParams.get("callbackUrl"), req.cookies.get("authjs.callback-url")?.value, req.cookies.get("__Secure-authjs.callback-url")?.value];
  const valid = (url: string) => {
    try {
      return /^https?:/.test(new URL(url, url.startsWith("/") ? req.nextUrl.origin : undefined).protocol);
    } catch {
      return false;
    }
  };
  if (values.every((v) => !v || valid(v))) return null;
  return NextResponse.json(
    { error: { code: "BAD_REQUEST", message: "callbackUrl must be a path on this site (starting with /) or a full http:// or https:// address." } },
    { status: 400 },
  );
}

const CODE_OF_STATUS: Record<number, string> = { 400: "BAD_REQUEST", 403: "FORBIDDEN", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED" };

/**
 * Auth.js refuses what it cannot parse (an unknown action such as /api/auth/nope, a POST to
 * /api/auth/session without its CSRF token) with a 400 whose body is a bare JSON string or null.
 * Every /api answer of 400 or more has the `{ error: { code, message } }` shape, so give it that,
 * keeping the status and headers (tests/integration/fuzz.int.test.ts found these).
 */
async function withErrorShape(res: Response): Promise<Response> {
  if (res.status < 400) return res;
  const body: unknown = await res
    .clone()
    .json()
    .catch(() => null);
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code === "string" && typeof error.message === "string") return res;
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  headers.set("content-type", "application/json");
  const message = `The sign-in service could not handle this request${typeof body === "string" ? ` (${body.replace(/\.$/, "")})` : ""}. Sign in from the sign-in page.`;
  return new Response(JSON.stringify({ error: { code: CODE_OF_STATUS[res.status] ?? (res.status >= 500 ? "INTERNAL" : "BAD_REQUEST"), message } }), { status: res.status, headers });
}
