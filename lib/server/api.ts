import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { Prisma } from "@prisma/client";
import { ZodError, type z } from "zod";
import { can, ROLE_NAMES, type Action } from "@/lib/domain/permissions";
import { AppError, fieldsFromIssues, invalid } from "./errors";
import { requireApiMember, type Member } from "./session";
import { isDatabaseUnavailable, markUnavailable, RETRY_AFTER_SECONDS } from "./unavailable";

type Ctx<P> = { req: NextRequest; params: P; member: Member };
type Handler<P> = (ctx: Ctx<P>) => Promise<Response | { status?: number; body: unknown }>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser's cookie-authenticated request that changes something must come from our own pages.
 * (API tokens are not sent by browsers on their own, so they need no such check.)
 */
export function refuseCrossSite(req: Request) {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let foreign = site === "cross-site" || site === "same-site";
  if (origin && host) {
    try {
      foreign ||= new URL(origin).host !== host;
    } catch {
      foreign = true;
    }
  }
  if (foreign) throw new AppError("FORBIDDEN", "Cross-site request refused: use Claimdesk's own pages, or an API token for scripts.");
}

export function requirePermission(member: Member, action: Action) {
  if (!can(member, action))
    throw new AppError("FORBIDDEN", `Your role (${ROLE_NAMES[member.role]}) cannot do this (${action}). Ask an admin of ${member.teamName} if you need it.`);
}

/**
 * Every JSON API route goes through here: authenticate (API token or session), refuse cross-site
 * writes, check the role may take the route's action (403), run, and map errors to the
 * `{ error: { code, message, fields? } }` shape. Bad input is never a 500.
 */
export function apiRoute<P extends Record<string, string> = Record<string, string>>(action: Action, handler: Handler<P>) {
  return async (req: NextRequest, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const member = await requireApiMember(req);
      if (member.via === "session") refuseCrossSite(req);
      requirePermission(member, action);
      const result = await handler({ req, params: await ctx.params, member });
      if (result instanceof Response) return result;
      return NextResponse.json(result.body, { status: result.status ?? 200 });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL") {
    const id = crypto.randomUUID();
    console.error(`[api] error ${id}`, error);
    return NextResponse.json(
      { error: { code: "INTERNAL", message: `Something went wrong on our side (error id ${id}). Nothing was saved; try again.` } },
      { status: 500 },
    );
  }
  const headers: Record<string, string> = appError.code === "UNAVAILABLE" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
  return NextResponse.json(appError.toBody(), { status: appError.status, headers });
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return invalid(fieldsFromIssues(error.issues));
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    return new AppError("CONFLICT", "This conflicts with something saved at the same moment. Reload and try again.");
  if (isDatabaseUnavailable(error)) {
    markUnavailable();
    return new AppError("UNAVAILABLE", "The database is unreachable or too busy to answer in time. Nothing was saved; try again in a few seconds.");
  }
  return new AppError("INTERNAL", "internal");
}

/** Reads a JSON body of at most maxBytes; 413 beyond, 400 when it is not JSON. */
export async function readJson(req: Request, maxBytes = 64 * 1024): Promise<unknown> {
  if (!isJsonMediaType(req.headers.get("content-type")))
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON with Content-Type: application/json.");
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const reader = req.body?.getReader();
  if (!reader) throw new AppError("BAD_REQUEST", "The request has no body: send a JSON object.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}

/** `application/json` with any parameters, in any letter case (media types are case-insensitive); never a parameter's value. */
export function isJsonMediaType(header: string | null): boolean {
  const essence = (header ?? "").split(";", 1)[0]!.trim().toLowerCase();
  return essence === "application/json";
}

const tooLarge = (maxBytes: number) =>
  new AppError("PAYLOAD_TOO_LARGE", `The request is larger than ${Math.round(maxBytes / 1024)} KB. Send less at once.`);

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldsFromIssues(result.error.issues));
  return result.data;
}

export function parseId(raw: string, what: string): number {
  const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= 2147483647)) throw new AppError("NOT_FOUND", `${what} was not found.`);
  return id;
}
