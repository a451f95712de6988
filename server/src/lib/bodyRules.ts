import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Config } from "../config";
import type { AppEnv } from "./env";
import { problemJson } from "./problem";

/**
 * Routes that take a raw upload (a GTFS zip, mesh statistics) instead of JSON,
 * by path pattern. They get the larger upload limit and their own content types.
 */
export const uploadRoutes: ReadonlyArray<{ pattern: RegExp; contentTypes: readonly string[] }> = [
  {
    pattern: /^\/api\/v1\/municipalities\/[^/]+\/(gtfs|mesh)-imports$/,
    contentTypes: [
      "application/zip",
      "application/x-zip-compressed",
      "application/octet-stream",
      "text/plain",
      "text/csv",
      "multipart/form-data",
    ],
  },
  {
    pattern: /^\/api\/v1\/municipalities\/[^/]+\/boundary-imports$/,
    // Not application/json: the file is bytes in whatever encoding MLIT wrote (Shift_JIS too), not a JSON body.
    contentTypes: ["application/geo+json", "application/octet-stream"],
  },
  {
    pattern: /^\/api\/v1\/municipalities\/[^/]+\/register-imports\/[a-z]+$/,
    contentTypes: [
      "text/csv",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/octet-stream",
    ],
  },
  // A new municipality: its fields as JSON, or with its N03 boundary file as a form.
  { pattern: /^\/api\/v1\/municipalities$/, contentTypes: ["application/json", "multipart/form-data"] },
];

/** The methods whose body these rules check (the API document lists their 413 and 415 from it). */
export const methodsWithBody: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH"]);

/**
 * Size and content-type rules for every API request with a body: 413 past the
 * limit (checked while streaming, so a 2 GB upload is cut off early), 415 for
 * a content type the route does not take.
 */
export function bodyRules(config: Config): MiddlewareHandler<AppEnv> {
  const jsonLimit = bodyLimit({
    maxSize: config.MAX_JSON_BYTES,
    onError: (c) =>
      problemJson(c, 413, "payload_too_large", `The body is larger than ${config.MAX_JSON_BYTES} bytes.`),
  });
  const uploadLimit = bodyLimit({
    maxSize: config.MAX_UPLOAD_BYTES,
    onError: (c) =>
      problemJson(c, 413, "payload_too_large", `The upload is larger than ${config.MAX_UPLOAD_BYTES} bytes.`),
  });
  return async (c, next) => {
    if (!methodsWithBody.has(c.req.method)) return next();
    const contentType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const upload = uploadRoutes.find((r) => r.pattern.test(c.req.path));
    const hasBody = requestHasBody(
      c.req.raw,
      c.req.header("content-length"),
      c.req.header("transfer-encoding"),
      c.env,
    );
    if (upload) {
      if (hasBody && !upload.contentTypes.includes(contentType)) {
        return problemJson(
          c,
          415,
          "unsupported_media_type",
          `Send the file as one of: ${upload.contentTypes.join(", ")}.`,
        );
      }
      return uploadLimit(c, next);
    }
    if (hasBody && contentType !== "application/json" && !contentType.endsWith("+json")) {
      return problemJson(c, 415, "unsupported_media_type", "Send the body as application/json.");
    }
    return jsonLimit(c, next);
  };
}

/**
 * Over HTTP/1.1 a body is announced by Content-Length or Transfer-Encoding.
 * Requests built in-process (app.request in tests) carry no such headers, so
 * there the presence of a body stream decides.
 */
function requestHasBody(
  raw: Request,
  contentLength: string | undefined,
  transferEncoding: string | undefined,
  env: unknown,
) {
  if (contentLength !== undefined) return contentLength !== "0";
  if (transferEncoding !== undefined) return true;
  const fromNodeServer = typeof env === "object" && env !== null && "incoming" in env;
  return !fromNodeServer && raw.body !== null;
}
