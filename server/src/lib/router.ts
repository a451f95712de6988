import { OpenAPIHono } from "@hono/zod-openapi";
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
