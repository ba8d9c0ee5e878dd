// Values npm test (scripts/test.mjs) passes to the suites.
export function baseUrl(): string {
  const url = process.env.APP_URL;
  if (!url) throw new Error("APP_URL is not set: run the suites through `npm test`, which starts the app under test.");
  return url;
}
