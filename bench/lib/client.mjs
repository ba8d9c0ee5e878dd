// A signed-in HTTP client for the benchmarks (same flow as tests/helpers/http.ts, without vitest):
// GET /api/auth/csrf, POST the credentials form, keep the authjs.session-token cookie.
export const DEMO_PASSWORD = "claimdesk-demo-2025";
export const EDITOR = "editor@claimdesk.test";
export const REVIEWER = "reviewer@claimdesk.test";

const cookiesFrom = (res) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

export async function signIn(base, email, password = DEMO_PASSWORD) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesFrom(csrfRes).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/documents` }),
  });
  await res.arrayBuffer();
  const session = cookiesFrom(res).find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return client(base, session);
}

/**
 * request() resolves once the whole response body is read and parsed; `ms` is the wall time from
 * just before fetch() to the last byte, `headersMs` until the response headers arrived.
 */
export function client(base, cookie) {
  return {
    cookie,
    async request(method, path, body) {
      const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, {
        method,
        redirect: "manual",
        headers: { cookie, ...(payload === undefined ? {} : { "content-type": "application/json" }) },
        body: payload,
      });
      const headersMs = performance.now() - t0; // request sent + server work until the response headers
      const text = await res.text();
      const ms = performance.now() - t0;
      let json = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { raw: text.slice(0, 500) };
      }
      return { status: res.status, json, ms, headersMs, bytes: Buffer.byteLength(text), route: res.headers.get("x-claimdesk-route") ?? "next" };
    },
  };
}
