import { apiRoute, readJson } from "@/lib/server/api";
import { verdictRoute } from "@/lib/server/direct";

// Answered before Next by scripts/server.mjs (lib/server/direct.ts); this file serves it when the
// direct routes are off (`next dev`, DIRECT_ROUTES=0) and runs the same code.
export const PUT = apiRoute<{ id: string }>(verdictRoute.action, async ({ req, params, member }) =>
  verdictRoute.run({ member, params: [params.id], json: () => readJson(req) }),
);
