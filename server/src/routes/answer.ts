import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import type { DomainContext } from "../domain/context";
import { domainContext } from "../lib/domainContext";
import type { AppEnv } from "../lib/env";

/** The validated output of one request part (`params`, `query`) of a route; `undefined` when it has none. */
type PartOf<R extends RouteConfig, K extends "params" | "query"> = R["request"] extends {
  [P in K]: infer S extends z.ZodType;
}
  ? z.output<S>
  : undefined;

/** The validated JSON body of a route; `undefined` when it takes none. */
type JsonOf<R extends RouteConfig> = R["request"] extends {
  body: { content: { "application/json": { schema: infer S extends z.ZodType } } };
}
  ? z.output<S>
  : undefined;

/** What the route answers with `status` as JSON. */
type AnswerOf<R extends RouteConfig, S extends keyof R["responses"]> = R["responses"][S] extends {
  content: { "application/json": { schema: infer T extends z.ZodType } };
}
  ? z.output<T>
  : never;

/** The validated parts of a request a verb is called with. */
export interface RequestParts<R extends RouteConfig> {
  param: PartOf<R, "params">;
  query: PartOf<R, "query">;
  json: JsonOf<R>;
}

/**
 * The handler of an operation that calls one domain verb and answers its
 * result as JSON with `status` — the shape of most handlers ("parse, call a
 * verb, map"): `answer(getPlanRoute, 200, (ctx, { param }) => readPlan(ctx, param.code, param.runId))`.
 * Errors the verb throws reach the app's one error mapper. Handlers that set
 * headers or stream keep their own body.
 */
export function answer<R extends RouteConfig, S extends keyof R["responses"] & number>(
  _route: R,
  status: S,
  verb: (ctx: DomainContext, parts: RequestParts<R>) => Promise<AnswerOf<R, S>>,
): RouteHandler<R, AppEnv> {
  const handler = async (c: Context<AppEnv>) => {
    // The router validated each part the route declares before the handler runs.
    const valid = c.req.valid as (target: string) => unknown;
    const parts = {
      param: valid.call(c.req, "param"),
      query: valid.call(c.req, "query"),
      json: valid.call(c.req, "json"),
    } as RequestParts<R>;
    return c.json(await verb(domainContext(c), parts), status as never);
  };
  return handler as unknown as RouteHandler<R, AppEnv>;
}
