import type { RouteHandler } from "@hono/zod-openapi";
import { analyseCoverageOf, exportCoverage, stopServiceOf } from "../../domain/coverage/coverage";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type { coverageExportRoute, coverageRoute, stopServiceRoute } from "./coverage.routes";

export const stopServiceHandler: RouteHandler<typeof stopServiceRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await stopServiceOf(domainContext(c), code, c.req.valid("query")), 200);
};

export const coverageHandler: RouteHandler<typeof coverageRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await analyseCoverageOf(domainContext(c), code, c.req.valid("json")), 200);
};

export const coverageExportHandler: RouteHandler<typeof coverageExportRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { format } = c.req.valid("query");
  const file = await exportCoverage(domainContext(c), code, c.req.valid("json"), format);
  return c.body(file.text, 200, {
    "content-type": file.mediaType,
    "content-disposition": `attachment; filename="${file.fileName}"`,
  });
};
