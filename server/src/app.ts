import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { DomainError } from "./domain/errors";
import { authorize } from "./lib/auth/authorize";
import { bodyRules } from "./lib/bodyRules";
import { apiDocs } from "./lib/docs";
import { STATUS_OF_DOMAIN_ERROR } from "./lib/domainProblems";
import type { AppDeps } from "./lib/env";
import { httpMetrics } from "./lib/metrics";
import { apiDocument } from "./lib/openapi";
import { ApiProblem, problemJson } from "./lib/problem";
import { createRouter } from "./lib/router";
import { securityHeaders } from "./lib/securityHeaders";
import { webApp } from "./lib/web";
import { registerRoutes } from "./routes";

/**
 * Builds the whole HTTP app around injected dependencies. No listening here:
 * index.ts serves it, tests call `app.request()`.
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use("*", requestId());
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    const started = performance.now();
    await next();
    // One line per request; the path only (query strings may carry personal data).
    deps.logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  // Before authorize: it reads the operation authorize matched, once the response is made.
  app.use("*", httpMetrics());
  app.use("*", securityHeaders(deps.config));
  // Authorise before the body is read: an anonymous 50 MB upload is refused at the headers.
  app.use("/api/*", authorize());
  app.use("/api/*", bodyRules(deps.config));

  registerRoutes(app, deps.config);

  const document = apiDocument(app);
  app.get("/api/openapi.json", (c) => c.json(document()));
  app.route("/api/docs", apiDocs());

  app.notFound((c) => {
    const path = c.req.path;
    if (path.startsWith("/api/") || path === "/api") {
      const allowed = allowedMethods(app.routes, path);
      if (allowed.length > 0) {
        return problemJson(c, 405, "method_not_allowed", `${c.req.method} is not allowed on ${path}.`, {
          headers: { allow: allowed.join(", ") },
        });
      }
      return problemJson(c, 404, "not_found", `No API resource at ${path}.`);
    }
    return webApp(deps.config)(c);
  });

  app.onError((err, c) => {
    if (err instanceof DomainError) {
      return problemJson(c, STATUS_OF_DOMAIN_ERROR[err.code], err.code, err.message, err.details);
    }
    if (err instanceof ApiProblem) {
      return problemJson(c, err.status, err.code, err.message, err.extras);
    }
    if (err instanceof HTTPException) {
      if (err.status === 400)
        return problemJson(c, 400, "malformed_request", err.message || "Malformed request.");
      if (err.status === 413)
        return problemJson(c, 413, "payload_too_large", "The request body is too large.");
      return problemJson(c, err.status, "http_error", err.message || "Request failed.");
    }
    deps.logger.error("unhandled error", {
      requestId: c.get("requestId"),
      path: c.req.path,
      error: err instanceof Error ? err.name : typeof err,
      message: err instanceof Error ? err.message : String(err),
    });
    return problemJson(
      c,
      500,
      "internal_error",
      "Something went wrong on our side. The request id helps us find it.",
    );
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

/** Methods registered for a concrete path, so an unmatched method gets 405 instead of 404. */
function allowedMethods(routes: ReadonlyArray<{ method: string; path: string }>, path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const pattern = new RegExp(`^${route.path.replace(/:[^/]+/g, "[^/]+")}/?$`);
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
