import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Context } from "hono";
import type { Config } from "../config";

/**
 * Serves the built Solid app: files from web/dist, and index.html for any
 * other non-API path so client-side routes survive a reload.
 */
export function webApp(config: Config) {
  const root = path.resolve(process.cwd(), config.WEB_DIST);
  const indexFile = path.join(root, "index.html");
  const assets = serveStatic({ root: path.relative(process.cwd(), root) || "." });
  return async (c: Context) => {
    if (!existsSync(indexFile)) {
      return c.text("The web app is not built yet. Run `npm start` (it builds it) or `npm run dev`.", 503);
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return c.text("Not found", 404);
    const served = await assets(c, async () => {});
    if (served) return served;
    if (path.extname(c.req.path)) return c.text("Not found", 404);
    return c.html(await readFile(indexFile, "utf8"));
  };
}
