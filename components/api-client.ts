// fetch wrapper for the JSON API: returns the body or the API's error object, never throws on HTTP errors.

export type ApiError = { code: string; message: string; fields?: Record<string, string>; [extra: string]: unknown };
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

export async function callApi<T>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: { code: "NETWORK", message: "The server could not be reached. Check your connection; nothing was saved." } };
  }
  const json = (await res.json().catch(() => null)) as (T & { error?: ApiError }) | null;
  if (res.ok && json) return { ok: true, status: res.status, data: json };
  if (res.status === 401)
    return { ok: false, status: 401, error: { code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again in another tab, then save again." } };
  return {
    ok: false,
    status: res.status,
    error: json?.error ?? { code: "HTTP_" + res.status, message: `The server answered ${res.status}. Nothing was saved; try again.` },
  };
}
