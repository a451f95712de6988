import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";

/**
 * The repeated parts of a route definition, written once: the JSON request
 * body, a JSON response, the `{ items }` list envelope, and the operations of
 * one tag. The shared layers add the rest of each operation (standard problem
 * responses, security, the access sentence: lib/openapi.ts).
 */

/** A required `application/json` request body; `extra` adds e.g. an `example` for the docs. */
export function jsonBody<T extends z.ZodType>(schema: T, extra: { example?: unknown } = {}) {
  return { required: true, content: { "application/json": { schema, ...extra } } };
}

/** An `application/json` response with its description. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

/** The list envelope `{ items: [...] }` every list operation answers. */
export function itemsOf<T extends z.ZodType>(schema: T) {
  return z.object({ items: z.array(schema) });
}

type Method = RouteConfig["method"];

/**
 * `createRoute` for the operations of one tag:
 * `const route = taggedRoutes("plans"); route("get", path, { summary, request, responses })`.
 */
export function taggedRoutes(tag: string) {
  return <M extends Method, P extends string, R extends Omit<RouteConfig, "method" | "path" | "tags">>(
    method: M,
    path: P,
    config: R,
  ) => createRoute({ method, path, tags: [tag], ...config });
}
