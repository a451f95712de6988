import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/schema.ts with `npm run db:generate` and committed;
// the server applies them at start (packages/db/src/migrate.ts).
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/schema.ts",
  out: "./migrations",
});
