import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { Prisma } from "@prisma/client";
import { ZodError, type z } from "zod";
import { AppError, fieldsFromIssues, invalid } from "./errors";
import { requireApiMember, type Member } from "./session";

type Ctx<P> = { req: NextRequest; params: P; member: Member };
type Handler<P> = (ctx: Ctx<P>) => Promise<Response | { status?: number; body: unknown }>;

/**
 * Every JSON API route goes through here: authenticate, run, and map errors to the
 * `{ error: { code, message, fields? } }` shape. Bad input is never a 500.
 */
export function apiRoute<P extends Record<string, string> = Record<string, string>>(handler: Handler<P>) {
  return async (req: NextRequest, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const member = await requireApiMember();
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
  return NextResponse.json(appError.toBody(), { status: appError.status });
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return invalid(fieldsFromIssues(error.issues));
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    return new AppError("CONFLICT", "This conflicts with something saved at the same moment. Reload and try again.");
  return new AppError("INTERNAL", "internal");
}

/** Reads a JSON body of at most maxBytes; 413 beyond, 400 when it is not JSON. */
export async function readJson(req: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json"))
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
