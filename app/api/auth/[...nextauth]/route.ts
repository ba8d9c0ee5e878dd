import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/server/api";
import { handlers } from "@/lib/server/auth";
import { ipFrom } from "@/lib/server/request";
import { signInRetryAfter } from "@/lib/server/throttle";

export const { GET } = handlers;

/**
 * The credentials callback answers 429 with Retry-After while an email or IP is throttled, before
 * Auth.js runs (which would answer with a redirect). Same answer whether the email exists or not.
 */
export async function POST(req: NextRequest) {
  try {
    if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
      const form = await req.clone().formData().catch(() => null);
      const email = String(form?.get("email") ?? "");
      const wait = email ? await signInRetryAfter(email, ipFrom(req.headers)) : 0;
      if (wait > 0)
        return NextResponse.json(
          { error: { code: "TOO_MANY_REQUESTS", message: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).` } },
          { status: 429, headers: { "Retry-After": String(wait) } },
        );
    }
    return await handlers.POST(req);
  } catch (error) {
    return errorResponse(error); // e.g. 503 while the database is unreachable
  }
}
