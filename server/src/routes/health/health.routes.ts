import { createRoute, z } from "@hono/zod-openapi";

export const HealthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z.enum(["ok", "unavailable"]),
  version: z.string(),
});

export const getHealth = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["operations"],
  summary: "Liveness and database check",
  responses: {
    200: {
      content: { "application/json": { schema: HealthSchema } },
      description: "The API and its database answer.",
    },
    503: {
      content: { "application/json": { schema: HealthSchema } },
      description: "The database does not answer.",
    },
  },
});
