import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

import type { Config } from "../config";
import type { AppEnv } from "./env";

/**
 * Security headers on every response (ASVS 3.4, OWASP Secure Headers).
 * The CSP allows only our own scripts; images and fetches may also reach the
 * configured tile server so the map loads its tiles; MapLibre needs blob:
 * workers and inline style attributes. The API reference page (Scalar) runs
 * an inline bootstrap script, so /api/docs alone gets 'unsafe-inline' scripts.
 */
export function securityHeaders(config: Config): MiddlewareHandler<AppEnv> {
  const tiles = new URL(config.TILE_URL.replace(/\{[^}]+\}/g, "0")).origin;
  const base = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    imgSrc: ["'self'", "data:", "blob:", tiles],
    connectSrc: ["'self'", tiles],
    workerSrc: ["'self'", "blob:"],
    childSrc: ["'self'", "blob:"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    fontSrc: ["'self'", "data:"],
  };
  const common = {
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    referrerPolicy: "same-origin",
    xFrameOptions: "DENY",
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: "same-origin",
    permissionsPolicy: { camera: [], microphone: [], geolocation: ["self"] },
  } satisfies SecureHeadersOptions;
  const app = secureHeaders({ ...common, contentSecurityPolicy: { ...base, scriptSrc: ["'self'"] } });
  const docs = secureHeaders({
    ...common,
    contentSecurityPolicy: { ...base, scriptSrc: ["'self'", "'unsafe-inline'"] },
  });
  return async (c, next) => {
    const headers = c.req.path === "/api/docs" || c.req.path.startsWith("/api/docs/") ? docs : app;
    await headers(c, next);
    // Personal data must not sit in any cache: every API answer (JSON, problem+json, the
    // event streams, whose library default is no-cache) is no-store, except what a route
    // marks public itself (the API reference's script).
    if (c.req.path.startsWith("/api/") && !c.res.headers.get("cache-control")?.startsWith("public"))
      c.res.headers.set("cache-control", "no-store");
  };
}
