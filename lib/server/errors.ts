import "server-only";

// One table from error code to HTTP status. Messages are sentences a user can act on.
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  DUPLICATE_DOCUMENT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = {
  error: { code: ErrorCode; message: string; fields?: Record<string, string>; [extra: string]: unknown };
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra data for the client, e.g. the current claim on a 409. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}), ...this.details } };
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} was not found. It may have been removed, or it belongs to another team.`);

/** Field paths like "sources.0.url" mapped to their first message. */
export function fieldsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function invalid(fields: Record<string, string>): AppError {
  const first = Object.values(fields)[0] ?? "The request is not valid.";
  const more = Object.keys(fields).length > 1 ? ` (and ${Object.keys(fields).length - 1} more problem(s))` : "";
  return new AppError("INVALID", `${first}${more}`, fields);
}
