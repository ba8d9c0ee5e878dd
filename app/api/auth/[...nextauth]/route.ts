import { NextResponse, type NextRequest } from "next/server";
import { throttledMessage } from "@/lib/domain/sign-in-throttling";
import { errorResponse } from "@/lib/server/api";
import { handlers } from "@/lib/server/auth";
import { DEVICE_COOKIE, knownDevice } from "@/lib/server/device-cookie";
import { ipFrom } from "@/lib/server/request";
import { signInRefusal } from "@/lib/server/throttle";

export const { GET } = handlers;

/**
 * The credentials callback answers 429 with Retry-After while an email or IP is throttled, before
 * Auth.js runs (which would answer with a redirect). Same answer whether the email exists or not;
 * a browser with a device cookie for the email is held only by its own and the IP's limits
 * (docs/decisions/0014).
 */
export async function POST(req: NextRequest) {
  try {
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
    return await handlers.POST(req);
  } catch (error) {
    return errorResponse(error); // e.g. 503 while the database is unreachable
  }
}
