import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { Prisma } from "@prisma/client";
import { ZodError, type z } from "zod";
import { can, ROLE_NAMES, type Action } from "@/lib/domain/permissions";
import { AppError, fieldsFromIssues, invalid } from "./errors";
import { requireApiMember, type Member } from "./session";
import { isDatabaseUnavailable, markUnavailable, RETRY_AFTER_SECONDS } from "./unavailable";

type Ctx<P> = { req: NextRequest; params: P; member: Member };
/** What the checks read of a request: Next's Request, or a bare node:http one (lib/server/direct.ts). */
export type HeaderGetter = { get(name: string): string | null };
export type ApiRequest = { method: string; headers: HeaderGetter };
type Handler<P> = (ctx: Ctx<P>) => Promise<Response | { status?: number; body: unknown }>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser's cookie-authenticated request that changes something must come from our own pages.
 * (API tokens are not sent by browsers on their own, so they need no such check.)
 */
export function refuseCrossSite(req: ApiRequest) {
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
      const member = await apiMember(req, action);
      const result = await handler({ req, params: await ctx.params, member });
      if (result instanceof Response) return result;
      return NextResponse.json(result.body, { status: result.status ?? 200 });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** apiRoute's checks, in its order: who is asking (401), a cross-site write (403), the role (403). */
export async function apiMember(req: ApiRequest, action: Action): Promise<Member> {
  const member = await requireApiMember(req);
  if (member.via === "session") refuseCrossSite(req);
  requirePermission(member, action);
  return member;
}

export function errorResponse(error: unknown): Response {
  const { status, body, headers } = errorAnswer(error);
  return NextResponse.json(body, { status, headers });
}

/** An error as the API answers it: status, JSON body, headers. An unexpected error is logged with an id, and its details never leave. */
export function errorAnswer(error: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL") {
    const id = crypto.randomUUID();
    console.error(`[api] error ${id}`, error);
    return {
      status: 500,
      body: { error: { code: "INTERNAL", message: `Something went wrong on our side (error id ${id}). Nothing was saved; try again.` } },
      headers: {},
    };
  }
  const headers: Record<string, string> = appError.code === "UNAVAILABLE" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
  return { status: appError.status, body: appError.toBody(), headers };
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
  return readJsonBody(req.headers, req.body && chunksOf(req.body), maxBytes);
}

/** A web stream's chunks; leaving the loop early cancels the stream. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * readJson for any body that yields bytes (a web stream's chunks, or node:http's request in
 * lib/server/direct.ts).
 */
export async function readJsonBody(headers: HeaderGetter, body: AsyncIterable<Uint8Array> | null, maxBytes = 64 * 1024): Promise<unknown> {
  if (!isJsonMediaType(headers.get("content-type")))
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON with Content-Type: application/json.");
  const declared = Number(headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!body) throw new AppError("BAD_REQUEST", "The request has no body: send a JSON object.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const value of body) {
    size += value.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
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
