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

export function removeHandler(verb: (ctx: DomainContext, code: string, id: string) => Promise<void>) {
  return async (c: Validated<{ param: TenantItem }>) => {
    const { code, id } = c.req.valid("param");
    await verb(domainContext(c), code, id);
    return c.body(null, 204);
  };
}

/** The five handlers of a fully managed resource, for its `crud` routes. */
export function crudHandlers<Input, Wire, Items>(verbs: {
  list: (ctx: DomainContext, code: string) => Promise<Items>;
  read: (ctx: DomainContext, code: string, id: string) => Promise<Wire>;
  create: (ctx: DomainContext, code: string, input: Input) => Promise<Wire>;
  replace: (ctx: DomainContext, code: string, id: string, input: Input) => Promise<Wire>;
  remove: (ctx: DomainContext, code: string, id: string) => Promise<void>;
}) {
  return {
    list: listHandler(verbs.list),
    get: readHandler(verbs.read),
    create: createHandler(verbs.create),
    replace: replaceHandler(verbs.replace),
    remove: removeHandler(verbs.remove),
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
