import type { RouteHandler } from "@hono/zod-openapi";
import {
  departuresOn,
  importFeed,
  listFeeds,
  setSpareCapacity,
  timetableOf,
} from "../../domain/timetables/timetables";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import { answer } from "../answer";
import * as r from "./gtfs.routes";

export const importGtfsHandler: RouteHandler<typeof r.importGtfsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const zip = new Uint8Array(await c.req.arrayBuffer());
  return c.json(await importFeed(domainContext(c), code, zip, c.req.valid("query")), 201);
};

export const listFeedsHandler = answer(r.listFeedsRoute, 200, (ctx, { param }) => listFeeds(ctx, param.code));

export const departuresHandler = answer(r.departuresRoute, 200, (ctx, { param, query }) =>
  departuresOn(ctx, param.code, param.feedId, query.date),
);

export const timetableHandler = answer(r.timetableRoute, 200, (ctx, { param }) =>
  timetableOf(ctx, param.code, param.feedId),
);

export const spareCapacityHandler = answer(r.spareCapacityRoute, 200, (ctx, { param, json }) =>
  setSpareCapacity(ctx, param.code, param.feedId, param.tripId, json),
);
