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
import type * as r from "./gtfs.routes";

export const importGtfsHandler: RouteHandler<typeof r.importGtfsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const zip = new Uint8Array(await c.req.arrayBuffer());
  return c.json(await importFeed(domainContext(c), code, zip, c.req.valid("query")), 201);
};

export const listFeedsHandler: RouteHandler<typeof r.listFeedsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await listFeeds(domainContext(c), code), 200);
};

export const departuresHandler: RouteHandler<typeof r.departuresRoute, AppEnv> = async (c) => {
  const { code, feedId } = c.req.valid("param");
  return c.json(await departuresOn(domainContext(c), code, feedId, c.req.valid("query").date), 200);
};

export const timetableHandler: RouteHandler<typeof r.timetableRoute, AppEnv> = async (c) => {
  const { code, feedId } = c.req.valid("param");
  return c.json(await timetableOf(domainContext(c), code, feedId), 200);
};

export const spareCapacityHandler: RouteHandler<typeof r.spareCapacityRoute, AppEnv> = async (c) => {
  const { code, feedId, tripId } = c.req.valid("param");
  return c.json(await setSpareCapacity(domainContext(c), code, feedId, tripId, c.req.valid("json")), 200);
};
