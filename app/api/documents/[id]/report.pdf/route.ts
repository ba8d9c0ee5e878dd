import { access, constants } from "node:fs/promises";
import { NextResponse, type NextRequest } from "next/server";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/chromium";
import { requireBrowserSession } from "@/lib/server/account";
import { apiRoute, parseId } from "@/lib/server/api";
import { MAX_PDF_CLAIMS } from "@/lib/domain/documents";
import { parseReportOptions, recordExport, renderTicket, RENDER_TICKET_HEADER, reportHead, reportQuery, slugOf } from "@/lib/server/report";
import { TEAM_COOKIE } from "@/lib/server/session";

// GET /api/documents/:id/report.pdf: the report page (same options) printed by headless Chromium,
// so the PDF is exactly what editors see and print (docs/decisions/0007-report-and-pdf.md).

export const dynamic = "force-dynamic";

/** Each render is a whole browser (~150 MB, one core busy for seconds): at most this many at once per instance. */
const MAX_CONCURRENT_RENDERS = 2;
/** A render still running after this is abandoned: the slot is free again and the caller gets 503 PDF_TIMEOUT. */
const RENDER_DEADLINE_MS = Number(process.env.PDF_DEADLINE_MS) || 60_000;
let rendering = 0;

class RenderDeadline extends Error {}

/** Settles with the render or rejects at the deadline, whichever comes first; the browser is closed either way. */
function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new RenderDeadline());
    }, ms);
  });
  const running = work(controller.signal);
  running.catch(() => {}); // after the deadline its failure (the closed browser) is nobody's to handle
  return Promise.race([running, deadline]).finally(() => clearTimeout(timer));
}

const TOKEN_REFUSED =
  "The PDF is printed from the report page, which needs a browser session: API tokens cannot download it. Sign in and use the PDF link on the report page, or read the verdicts with GET /api/documents/:id.";

// Only the cookies the report page needs: the Auth.js session (possibly split in chunks) and the current team.
const SESSION_COOKIE = /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?$/;

function forwardedCookies(header: string | null): string {
  return (header ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter((c) => {
      const name = c.slice(0, c.indexOf("="));
      return SESSION_COOKIE.test(name) || name === TEAM_COOKIE;
    })
    .join("; ");
}

async function isExecutable(file: string): Promise<boolean> {
  // The path is configuration, not a file of the app: the comment keeps the bundler from tracing it.
  return access(/* turbopackIgnore: true */ file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

function pdfError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return NextResponse.json({ error: { code, message } }, { status, headers });
}

export const GET = apiRoute<{ id: string }>("report.export", async ({ req, params, member }) => {
  const documentId = parseId(params.id, "The document");
  requireBrowserSession(member, TOKEN_REFUSED);
  const { title, claims } = await reportHead(member, documentId); // 404 for another team's id, before any browser starts
  if (claims > MAX_PDF_CLAIMS)
    return pdfError(
      413,
      "PDF_TOO_LARGE",
      `This document has ${claims.toLocaleString("en")} claims; PDFs are made for up to ${MAX_PDF_CLAIMS.toLocaleString("en")}. Open the report page (/documents/${documentId}/report) and use your browser's Print → Save as PDF, or download the verdicts as CSV or JSON (/api/documents/${documentId}/export?format=csv).`,
    );

  const executablePath = CHROMIUM_PATH;
  if (!(await isExecutable(executablePath)))
    return pdfError(
      503,
      "PDF_UNAVAILABLE",
      `PDFs are made with Chromium, which is not installed on this server (looked for ${executablePath}). An administrator can install it with: apt-get install -y chromium (or set CHROMIUM_PATH). Meanwhile, open the report page and use your browser's Print → Save as PDF.`,
    );
  if (rendering >= MAX_CONCURRENT_RENDERS)
    return pdfError(503, "PDF_BUSY", `${MAX_CONCURRENT_RENDERS} PDFs are being made right now. Try again in a few seconds.`, { "Retry-After": "5" });

  rendering++;
  try {
    const options = parseReportOptions(req.nextUrl.searchParams);
    const started = performance.now();
    const pdf = await withDeadline(
      (signal) => renderPdf(req, `/documents/${documentId}/report?${reportQuery(options)}`, renderTicket(member, documentId), executablePath, signal),
      RENDER_DEADLINE_MS,
    ).catch((e: unknown) => {
      if (e instanceof RenderDeadline) return null;
      throw e;
    });
    if (!pdf)
      return pdfError(
        503,
        "PDF_TIMEOUT",
        `The PDF took longer than ${RENDER_DEADLINE_MS / 1000} s to make and was stopped. Open the report page and use your browser's Print → Save as PDF, or download the verdicts as CSV or JSON.`,
        { "Retry-After": "30" },
      );
    const ms = Math.round(performance.now() - started);
    await recordExport(member, documentId, "pdf");
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="claimdesk-report-${documentId}-${slugOf(title)}.pdf"`,
        "Content-Length": String(pdf.byteLength),
        "Cache-Control": "private, no-store",
        "Server-Timing": `render;dur=${ms}`,
      },
    });
  } finally {
    rendering--;
  }
});

/**
 * Loads the report page on this very server with the caller's session and prints it. The browser
 * may fetch nothing from anywhere else, and runs no page script (the report needs none).
 */
async function renderPdf(req: NextRequest, pathAndQuery: string, ticket: string, executablePath: string, signal: AbortSignal): Promise<Buffer> {
  // next start builds nextUrl from the address it listens on, never from the Host header, so this
  // cannot be pointed at another server. Always plain http: TLS ends at the proxy in front, whose
  // X-Forwarded-Proto is passed on so Auth.js looks for the same (__Secure-) cookie name as here.
  const origin = `http://${req.nextUrl.host}`;
  const forwardedProto = req.headers.get("x-forwarded-proto");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
  // Past the deadline the caller has its answer; the browser goes at once, whatever it was doing.
  const close = () => void browser.close().catch(() => {});
  if (signal.aborted) close();
  signal.addEventListener("abort", close, { once: true });
  try {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      extraHTTPHeaders: {
        cookie: forwardedCookies(req.headers.get("cookie")),
        [RENDER_TICKET_HEADER]: ticket,
        ...(forwardedProto ? { "x-forwarded-proto": forwardedProto } : {}),
      },
    });
    const page = await context.newPage();
    await page.route("**/*", (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
    const url = new URL(pathAndQuery, origin);
    const res = await page.goto(url.href, { waitUntil: "load", timeout: 60_000 });
    // A redirect (to sign-in) or an error page must never be printed as the report.
    if (!res || res.status() !== 200 || new URL(page.url()).pathname !== url.pathname || (await page.locator(".rp-sheet").count()) !== 1)
      throw new Error(`report page answered ${res?.status() ?? "nothing"} at ${page.url()}`);
    return await page.pdf({ format: "A4", printBackground: true, tagged: true, outline: true });
  } finally {
    signal.removeEventListener("abort", close);
    await browser.close();
  }
}
