import type { RouteHandler } from "@hono/zod-openapi";
import { analyseCoverageOf, exportCoverage, stopServiceOf } from "../../domain/coverage/coverage";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import { answer } from "../answer";
import * as r from "./coverage.routes";

export const stopServiceHandler = answer(r.stopServiceRoute, 200, (ctx, { param, query }) =>
  stopServiceOf(ctx, param.code, query),
);

export const coverageHandler = answer(r.coverageRoute, 200, (ctx, { param, json }) =>
  analyseCoverageOf(ctx, param.code, json),
);

export const coverageExportHandler: RouteHandler<typeof r.coverageExportRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { format } = c.req.valid("query");
  const file = await exportCoverage(domainContext(c), code, c.req.valid("json"), format);
  return c.body(file.text, 200, {
    "content-type": file.mediaType,
    "content-disposition": `attachment; filename="${file.fileName}"`,
  });
};
