import { afterEach, beforeEach, vi } from "vitest";

// A console.error during a test means something went wrong that the assertions did not see.
let calls: unknown[][] = [];
beforeEach(() => {
  calls = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    calls.push(args);
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (calls.length) throw new Error(`console.error was called during the test:\n${calls.map((a) => a.map(String).join(" ")).join("\n")}`);
});
