import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Env } from "hono";
import { type Access, PERMISSIONS } from "./auth/permissions";
import { SESSION_COOKIE } from "./auth/session";
import { methodsWithBody } from "./bodyRules";

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: "urn:tsunagu:problem:<title>." }),
    title: z.string().meta({ description: "Stable machine code, e.g. validation_failed." }),
    status: z.number().int(),
    detail: z.string().optional().meta({ description: "One English sentence for developers and logs." }),
    instance: z.string().optional().meta({ description: "The path of the request." }),
    requestId: z.string().optional().meta({ description: "Also in the X-Request-Id response header." }),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: "Where: body.…, query.…, param.… or header.…" }),
          message: z.string(),
          code: z
            .string()
            .optional()
            .meta({ description: "The rule broken, e.g. window_ends_before_start." }),
        }),
      )
      .optional(),
  })
  .meta({
    id: "Problem",
    description:
      "RFC 9457 problem details. Some problems add members a client can act on (e.g. `reason` of request_does_not_fit).",
  });

/**
 * Every problem+json response the API gives, declared once under
 * `components.responses`; operations refer to them by status.
 */
const PROBLEMS = {
  400: {
    name: "MalformedRequest",
    description: "The body is not valid JSON (malformed_request).",
  },
  401: {
    name: "Unauthenticated",
    description:
      "Not signed in, or the session has ended (unauthenticated); sign-in: wrong email or password.",
    headers: { "WWW-Authenticate": "The scheme to authenticate with." },
  },
  403: {
    name: "Forbidden",
    description:
      "The role may not do this (forbidden), or an unsafe method came without the session's X-CSRF-Token (csrf_failed).",
  },
  404: {
    name: "NotFound",
    description:
      "No such resource (not_found). Another municipality's objects, and another municipality in the path, are not found too.",
  },
  409: {
    name: "Conflict",
    description: "Clashes with the resource's current state; `title` says how (e.g. illegal_transition).",
  },
  413: { name: "PayloadTooLarge", description: "The body is over the size limit (payload_too_large)." },
  415: {
    name: "UnsupportedMediaType",
    description: "The body's content type is not one the operation takes (unsupported_media_type).",
  },
  422: {
    name: "ValidationFailed",
    description:
      "A path, query, header or body value breaks a rule (validation_failed and kin); `errors` lists each field with its rule code.",
  },
  429: {
    name: "TooManyRequests",
    description:
      "Over the rate limit, or the server is busy with this work; retry after Retry-After seconds.",
    headers: { "Retry-After": "Seconds to wait before retrying." },
  },
  500: {
    name: "InternalError",
    description: "Something went wrong on the server (internal_error); the requestId helps find it.",
  },
} as const satisfies Record<number, { name: string; description: string; headers?: Record<string, string> }>;

export type ProblemStatus = keyof typeof PROBLEMS;

/**
 * References to the problem responses an operation adds to the standard ones
 * (`standardProblemStatuses`): its conflicts (409), a 404 without a path
 * parameter, its rate limit (429), a public operation's own 401/403.
 */
export function problemResponses(...statuses: ProblemStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { $ref: `#/components/responses/${PROBLEMS[status].name}` }]),
  );
}

/** The two halves of the browser session, and the metrics scraper's token. */
export const SECURITY_SCHEMES = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description:
      "The HttpOnly session cookie POST /api/v1/auth/sign-in sets. Idle and absolute timeouts apply; an ended session answers 401.",
  },
  csrfToken: {
    type: "apiKey",
    in: "header",
    name: "X-CSRF-Token",
    description:
      "On POST, PUT and DELETE with a session: the `csrfToken` of the sign-in answer (also in the readable tsunagu_csrf cookie). Without it: 403 csrf_failed.",
  },
} as const;

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What the standard statuses of one operation depend on. */
export interface OperationShape {
  method: string;
  /** The OpenAPI path template, "/api/v1/municipalities/{code}/…". */
  path: string;
  /** The operation takes a JSON body (its parse can fail with 400). */
  jsonBody: boolean;
  /** It validates path, query, header or body values (422). */
  validatedInput: boolean;
}

/** The permission-table entry of an operation; the document and the authorisation read the same one. */
export function accessOf(method: string, path: string): Access {
  const access = PERMISSIONS[`${method.toUpperCase()} ${path}`];
  if (!access) throw new Error(`${method.toUpperCase()} ${path} has no entry in the permission table`);
  return access;
}

/**
 * The problem statuses the shared layers can answer for an operation, from
 * the same facts they act on: the permission table (authorize: 401 without a
 * session, 403 for a role without a grant or an unsafe method without the
 * CSRF token, 404 for another municipality in the path), body rules (413 and
 * 415 on every method with a body), the JSON parse (400), the validator (422)
 * and the error handler (500).
 */
export function standardProblemStatuses(op: OperationShape): ProblemStatus[] {
  const method = op.method.toUpperCase();
  const access = accessOf(method, op.path);
  const statuses: ProblemStatus[] = [];
  if (op.jsonBody) statuses.push(400);
  if (access.kind !== "public") {
    statuses.push(401);
    if (access.kind === "roles" || UNSAFE.has(method)) statuses.push(403);
  }
  if (op.path.includes("{")) statuses.push(404);
  if (methodsWithBody.has(method)) statuses.push(413, 415);
  if (op.validatedInput) statuses.push(422);
  statuses.push(500);
  return statuses;
}

/** The security requirement of an operation: the session (and CSRF token on writes) unless the table says public. */
export function securityOf(method: string, path: string): Record<string, string[]>[] {
  const access = accessOf(method, path);
  if (access.kind === "public") return [];
  return UNSAFE.has(method.toUpperCase()) ? [{ session: [], csrfToken: [] }] : [{ session: [] }];
}

const GRANT_WORDS = { municipality: "", own: " (own records only)", run_sheet: " (own run sheets only)" };

/** One line for the operation's description: who may call it, from the permission table. */
function accessSentence(access: Access, path: string): string {
  if (access.kind === "public") return "Access: public, no sign-in.";
  if (access.kind === "signed_in") return "Access: any signed-in account, acting on itself.";
  const who = Object.entries(access.grants)
    .map(([role, grant]) => `${role}${GRANT_WORDS[grant]}`)
    .join(", ");
  const anyMunicipality = access.grants.platform_admin ? " (platform_admin: any)" : "";
  const tenant = path.includes("{code}") ? `; of the municipality in the path${anyMunicipality}` : "";
  return `Access: ${who}${tenant}.`;
}

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
type Operation = NonNullable<NonNullable<Document["paths"]>[string]["get"]>;

const OPERATION_METHODS = ["get", "put", "post", "delete", "patch"] as const;

function isJsonMediaType(type: string): boolean {
  const base = type.split(";")[0]?.trim().toLowerCase() ?? "";
  return base === "application/json" || base.endsWith("+json");
}

function complete(method: string, path: string, operation: Operation) {
  const content =
    operation.requestBody && "content" in operation.requestBody ? operation.requestBody.content : {};
  const shape: OperationShape = {
    method,
    path,
    jsonBody: Object.keys(content).some(isJsonMediaType),
    validatedInput: (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined,
  };
  const responses = { ...problemResponses(...standardProblemStatuses(shape)), ...operation.responses };
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  // A route declares its own scheme only when the credential is not a session (the metrics token).
  operation.security ??= securityOf(method, path);
  const sentence = accessSentence(accessOf(method, path), path);
  operation.description = operation.description ? `${operation.description}\n\n${sentence}` : sentence;
}

/**
 * The OpenAPI 3.1 document of an app, generated once from its routes and
 * completed with what the shared layers do (standard problem responses,
 * security per operation from the permission table), so it lists every
 * status an operation can answer.
 */
export function apiDocument<E extends Env>(app: OpenAPIHono<E>): () => Document {
  let document: Document | undefined;
  return () => {
    if (document) return document;
    app.openAPIRegistry.register("Problem", ProblemSchema);
    for (const [name, scheme] of Object.entries(SECURITY_SCHEMES))
      app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
    for (const problem of Object.values(PROBLEMS)) {
      app.openAPIRegistry.registerComponent("responses", problem.name, {
        description: problem.description,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        ...("headers" in problem
          ? {
              headers: Object.fromEntries(
                Object.entries(problem.headers).map(([name, description]) => [
                  name,
                  { description, schema: { type: "string" } },
                ]),
              ),
            }
          : {}),
      });
    }
    const generated = app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "Tsunagu API",
        version: "0.1.0",
        description:
          "つなぐ — 地域輸送資源のフル活用のための API. Scripts sign in with POST /api/v1/auth/sign-in, then send the " +
          `${SESSION_COOKIE} cookie, and on POST/PUT/DELETE the X-CSRF-Token header (docs/api.md). Errors are RFC 9457 ` +
          "application/problem+json with a stable `title` code and a `requestId`.",
      },
    });
    for (const [path, item] of Object.entries(generated.paths ?? {})) {
      for (const method of OPERATION_METHODS) {
        const operation = item[method];
        if (operation) complete(method, path, operation);
      }
    }
    document = generated;
    return document;
  };
}
