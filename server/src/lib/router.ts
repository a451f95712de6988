import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "./env";
import { fieldProblems, problemJson } from "./problem";

/**
 * Every route module builds its router here, so validation failures look the
 * same everywhere: 422 problem+json listing each failing field with its path
 * (`body.…`, `query.…`, `param.…`, `header.…`).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        // A JSON body and a multipart form are both "the body" to the caller.
        const source = result.target === "json" || result.target === "form" ? "body" : result.target;
        return problemJson(c, 422, "validation_failed", "The request has invalid fields.", {
          errors: fieldProblems(source, result.error.issues),
        });
      }
    },
  });
}

export type AppRouter = ReturnType<typeof createRouter>;

/** The handler modules' names for the operations of `Routes`: `fooRoute` is served by `fooHandler`. */
type HandlersFor<Routes, Names extends string> = {
  [N in Names as `${N}Handler`]: `${N}Route` extends keyof Routes
    ? Routes[`${N}Route`] extends RouteConfig
      ? RouteHandler<Routes[`${N}Route`], AppEnv>
      : never
    : never;
};

/**
 * Serves the named operations of a route module with the like-named handlers,
 * in the given order (it is the order of matching and of the OpenAPI document):
 * `serve(createRouter(), r, h, ["getPlan", "movePlan"])` is
 * `.openapi(r.getPlanRoute, h.getPlanHandler).openapi(r.movePlanRoute, h.movePlanHandler)`.
 */
export function serve<Routes, Names extends string>(
  router: AppRouter,
  routes: Routes & { [N in Names as `${N}Route`]: RouteConfig },
  handlers: HandlersFor<Routes, Names>,
  names: readonly Names[],
): AppRouter {
  const handlerByName = handlers as unknown as Partial<Record<string, RouteHandler<RouteConfig, AppEnv>>>;
  const routeByName = routes as Partial<Record<string, RouteConfig>>;
  for (const name of names) {
    const route = routeByName[`${name}Route`];
    const handler = handlerByName[`${name}Handler`];
    if (!route || !handler) throw new Error(`serve: no ${name}Route or ${name}Handler`);
    router.openapi(route, handler);
  }
  return router;
}
