import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";

const require = createRequire(import.meta.url);

/**
 * The API reference page at /api/docs. Scalar's script is served from our own
 * node_modules rather than a CDN, so the page works on a closed municipal network.
 */
export function apiDocs() {
  const docs = new Hono();
  let script: Promise<string> | undefined;
  docs.get("/standalone.js", async (c) => {
    // The package exports no path to its browser bundle, so find it beside the main entry (dist/).
    script ??= readFile(
      path.join(path.dirname(require.resolve("@scalar/api-reference")), "browser/standalone.js"),
      "utf8",
    );
    return c.body(await script, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
    });
  });
  docs.get(
    "/",
    Scalar({ url: "/api/openapi.json", cdn: "/api/docs/standalone.js", pageTitle: "Tsunagu API" }),
  );
  return docs;
}
