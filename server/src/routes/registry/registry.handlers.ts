import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { DomainContext } from "../../domain/context";
import { droneRoutes } from "../../domain/registry/registry";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type { liftSuspensionRoute, suspendDroneRouteRoute } from "./registry.routes";

/**
 * The handlers of the registry routes, one per shape (list, read, create,
 * replace, remove): parse → verb → answer. Each takes the verb it calls, so
 * a resource's handler is `readHandler(vehicles.read)`; `.openapi(route, …)`
 * checks at compile time that the verb's answer is the route's response.
 */
type Validated<Out extends object> = Context<AppEnv, string, { out: Out }>;
type Tenant = { code: string };
type TenantItem = Tenant & { id: string };

export function listHandler<Items>(verb: (ctx: DomainContext, code: string) => Promise<Items>) {
  return async (c: Validated<{ param: Tenant }>) =>
    c.json(await verb(domainContext(c), c.req.valid("param").code), 200);
}

/** A list with the 「保管済みを表示」 filter: `?archived=true` lists archived records too. */
export function archivedListHandler<Items>(
  verb: (ctx: DomainContext, code: string, options: { withArchived: boolean }) => Promise<Items>,
) {
  return async (c: Validated<{ param: Tenant; query: { archived?: "true" | "false" } }>) =>
    c.json(
      await verb(domainContext(c), c.req.valid("param").code, {
        withArchived: c.req.valid("query").archived === "true",
      }),
      200,
    );
}

export function readHandler<Wire>(verb: (ctx: DomainContext, code: string, id: string) => Promise<Wire>) {
  return async (c: Validated<{ param: TenantItem }>) => {
    const { code, id } = c.req.valid("param");
    return c.json(await verb(domainContext(c), code, id), 200);
  };
}

export function createHandler<Input, Wire>(
  verb: (ctx: DomainContext, code: string, input: Input) => Promise<Wire>,
) {
  return async (c: Validated<{ param: Tenant; json: Input }>) =>
    c.json(await verb(domainContext(c), c.req.valid("param").code, c.req.valid("json")), 201);
}

export function replaceHandler<Input, Wire>(
  verb: (ctx: DomainContext, code: string, id: string, input: Input) => Promise<Wire>,
) {
  return async (c: Validated<{ param: TenantItem; json: Input }>) => {
    const { code, id } = c.req.valid("param");
    return c.json(await verb(domainContext(c), code, id, c.req.valid("json")), 200);
  };
}

/** 204 when the record was deleted; 200 with the reason when it was archived instead. */
export function removeHandler<Archived>(
  verb: (ctx: DomainContext, code: string, id: string) => Promise<Archived | undefined>,
) {
  return async (c: Validated<{ param: TenantItem }>) => {
    const { code, id } = c.req.valid("param");
    const archived = await verb(domainContext(c), code, id);
    return archived === undefined ? c.body(null, 204) : c.json(archived, 200);
  };
}

/** The list, remove and restore handlers of a resource that is archived while in use. */
export function archiveHandlers<Items, Wire, Archived>(verbs: {
  list: (ctx: DomainContext, code: string, options: { withArchived: boolean }) => Promise<Items>;
  remove: (ctx: DomainContext, code: string, id: string) => Promise<Archived | undefined>;
  restore: (ctx: DomainContext, code: string, id: string) => Promise<Wire>;
}) {
  return {
    list: archivedListHandler(verbs.list),
    remove: removeHandler(verbs.remove),
    restore: readHandler(verbs.restore),
  };
}

/** The handlers of a fully managed resource, for its `crud` routes. */
export function crudHandlers<Input, Wire, Items, Archived>(verbs: {
  list: (ctx: DomainContext, code: string, options: { withArchived: boolean }) => Promise<Items>;
  read: (ctx: DomainContext, code: string, id: string) => Promise<Wire>;
  create: (ctx: DomainContext, code: string, input: Input) => Promise<Wire>;
  replace: (ctx: DomainContext, code: string, id: string, input: Input) => Promise<Wire>;
  remove: (ctx: DomainContext, code: string, id: string) => Promise<Archived | undefined>;
  restore: (ctx: DomainContext, code: string, id: string) => Promise<Wire>;
}) {
  return {
    ...archiveHandlers(verbs),
    get: readHandler(verbs.read),
    create: createHandler(verbs.create),
    replace: replaceHandler(verbs.replace),
  };
}

export const suspendDroneRouteHandler: RouteHandler<typeof suspendDroneRouteRoute, AppEnv> = async (c) => {
  const { code, id, date } = c.req.valid("param");
  return c.json(await droneRoutes.suspend(domainContext(c), code, id, date, c.req.valid("json").reason), 200);
};

export const liftSuspensionHandler: RouteHandler<typeof liftSuspensionRoute, AppEnv> = async (c) => {
  const { code, id, date } = c.req.valid("param");
  return c.json(await droneRoutes.liftSuspension(domainContext(c), code, id, date), 200);
};
