import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Server modules import "server-only", which throws outside Next's server bundle.
      "server-only": path.join(root, "tests/helpers/server-only.ts"),
    },
  },
  test: {
    setupFiles: [path.join(root, "tests/helpers/fail-on-console-error.ts")],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.int.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        // One browser at a time: the machine has 2 cores and the app under test shares them.
        test: { name: "e2e", include: ["tests/e2e/**/*.spec.ts"], fileParallelism: false, testTimeout: 90_000, hookTimeout: 90_000 },
      },
    ],
  },
});
