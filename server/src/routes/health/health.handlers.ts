import type { RouteHandler } from "@hono/zod-openapi";
import { pingDatabase } from "@tsunagu/db";
import type { AppEnv } from "../../lib/env";
import type { getHealth } from "./health.routes";

export const healthHandler: RouteHandler<typeof getHealth, AppEnv> = async (c) => {
  const databaseOk = await pingDatabase(c.get("deps").database);
  const body = {
    status: databaseOk ? "ok" : "unavailable",
    database: databaseOk ? "ok" : "unavailable",
    version: "0.1.0",
  } as const;
  return databaseOk ? c.json(body, 200) : c.json(body, 503);
};
