import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * The contract check of the test app: every response an API test receives is
 * held against the OpenAPI document the app serves — its status must be
 * listed for the operation, its content type declared for that status, and
 * its body valid against that status's schema (JSON Schema 2020-12, formats
 * included). A violation throws from the request, so an undocumented status
 * fails CI the day it appears.
 */

export interface ApiDocument {
  paths: Record<string, Record<string, DocOperation>>;
  components?: { responses?: Record<string, DocResponse>; schemas?: Record<string, unknown> };
}
interface DocOperation {
  responses: Record<string, DocResponse | { $ref: string }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
}
interface DocResponse {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

export class ContractViolation extends Error {
  override readonly name = "ContractViolation";
}

/** A JSON pointer into the document, as an ajv schema reference. */
function pointer(...segments: string[]): string {
  return `api#/${segments.map((s) => encodeURIComponent(s.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/")}`;
}

const baseType = (contentType: string) => contentType.split(";")[0]?.trim().toLowerCase() ?? "";
const isJson = (type: string) => type === "application/json" || type.endsWith("+json");
/** Streams are checked line by line as the test reads them (ndjson) or not read at all (events). */
const NDJSON = "application/x-ndjson";
const EVENT_STREAM = "text/event-stream";

export interface ResolvedOperation {
  key: string;
  template: string;
  method: string;
  operation: DocOperation;
}

/** Finds the documented operation of a concrete method and path (literal segments win over parameters). */
export function operationMatcher(document: ApiDocument) {
  const entries = Object.entries(document.paths)
    .map(([template, item]) => {
      const names = template.match(/\{\w+\}/g) ?? [];
      const source = template
        .split("/")
        .map((segment) =>
          /^\{\w+\}$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
        )
        .join("/");
      return { template, item, pattern: new RegExp(`^${source}/?$`), params: names.length };
    })
    .sort((a, b) => a.params - b.params);
  return (method: string, path: string): ResolvedOperation | undefined => {
    const lookup = method === "HEAD" ? "get" : method.toLowerCase();
    for (const entry of entries) {
      const operation = entry.item[lookup];
      if (operation && entry.pattern.test(path))
        return {
          key: `${lookup.toUpperCase()} ${entry.template}`,
          template: entry.template,
          method: lookup,
          operation,
        };
    }
    return undefined;
  };
}

export type ResponseCheck = (request: Request, response: Response) => Promise<Response>;

/** The check of one document: resolves the operation and status, validates type and body. */
export function contractCheck(document: ApiDocument): ResponseCheck {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // OpenAPI's marker for raw bytes: any string.
  ajv.addFormat("binary", true);
  ajv.addSchema(document, "api");
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (ref: string) => {
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      validators.set(ref, validate);
    }
    return validate;
  };
  const find = operationMatcher(document);

  return async (request, response) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/api/")) return response;
    const found = find(request.method, url.pathname);
    // Unknown paths and methods (404/405 before any operation) are the router's, not an operation's.
    if (!found) return response;
    const where = `${request.method} ${url.pathname}${url.search} (${found.key}) → ${response.status}`;
    const fail = (message: string): never => {
      throw new ContractViolation(`API document broken: ${where}: ${message}`);
    };

    const listed = found.operation.responses;
    const statusKey = [String(response.status), `${String(response.status)[0]}XX`, "default"].find(
      (k) => listed[k] !== undefined,
    );
    if (!statusKey) fail(`status not documented (documented: ${Object.keys(listed).join(", ")})`);
    const entry = listed[statusKey as string];
    let at = ["paths", found.template, found.method, "responses", statusKey as string];
    let declared = entry as DocResponse;
    if (entry && "$ref" in entry && typeof entry.$ref === "string") {
      const name = entry.$ref.replace("#/components/responses/", "");
      declared = document.components?.responses?.[name] ?? fail(`dangling reference ${entry.$ref}`);
      at = ["components", "responses", name];
    }

    const contentType = response.headers.get("content-type");
    const content = declared.content;
    if (!content) {
      const text = await response.clone().text();
      if (text.length > 0 || contentType)
        fail(`a body (${contentType ?? "untyped"}) where none is documented`);
      return response;
    }
    if (!contentType) fail(`no content type; documented: ${Object.keys(content).join(", ")}`);
    const type = baseType(contentType as string);
    const mediaKey = Object.keys(content).find((k) => baseType(k) === type);
    if (!mediaKey) fail(`content type ${contentType} not documented (${Object.keys(content).join(", ")})`);
    const media = mediaKey as string;
    if (content[media]?.schema === undefined || request.method === "HEAD") return response;
    const validate = validatorAt(pointer(...at, "content", media, "schema"));
    const invalid = (value: unknown) =>
      validate(value) ? undefined : ajv.errorsText(validate.errors, { dataVar: "body" });

    if (type === EVENT_STREAM) return response;
    if (type === NDJSON) return checkedLines(response, invalid, fail);
    if (!isJson(type)) return response;
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      fail(`body is not JSON: ${text.slice(0, 200)}`);
    }
    const problem = invalid(body);
    if (problem) fail(`body breaks the schema: ${problem}; body: ${text.slice(0, 500)}`);
    if (type === "application/problem+json" && (body as { status?: unknown }).status !== response.status)
      fail(`problem status ${(body as { status?: unknown }).status} differs from the HTTP status`);
    return response;
  };
}

/** The response again, its body checked line by line as it is read; a bad line errors the stream. */
function checkedLines(
  response: Response,
  invalid: (value: unknown) => string | undefined,
  fail: (message: string) => never,
): Response {
  if (!response.body) return response;
  const decoder = new TextDecoder();
  let pending = "";
  const checkLine = (line: string) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      fail(`a line is not JSON: ${line.slice(0, 200)}`);
    }
    const problem = invalid(value);
    if (problem) fail(`a line breaks the schema: ${problem}; line: ${line.slice(0, 500)}`);
  };
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending += decoder.decode(chunk, { stream: true });
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        lines.forEach(checkLine);
        controller.enqueue(chunk);
      },
      flush() {
        checkLine(pending + decoder.decode());
      },
    }),
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

const checks = new Map<string, ResponseCheck>();

/** One compiled check per distinct document (every test app of a run serves the same one). */
export function contractCheckFor(document: ApiDocument): ResponseCheck {
  const key = JSON.stringify(document);
  let check = checks.get(key);
  if (!check) {
    check = contractCheck(document);
    checks.set(key, check);
  }
  return check;
}

type FetchFn = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/**
 * Puts the contract check on an app: every response of `app.fetch` (and so
 * of `app.request`) is checked before the test sees it. The document is the
 * one the app itself serves, read once on the first request.
 */
export function contractChecked<A extends { fetch: FetchFn }>(app: A): A {
  const fetch = app.fetch;
  let check: Promise<ResponseCheck> | undefined;
  const checked = async (request: Request, ...rest: never[]) => {
    check ??= Promise.resolve(fetch(new Request("http://localhost/api/openapi.json")))
      .then((r) => r.json() as Promise<ApiDocument>)
      .then(contractCheckFor);
    const response = await fetch(request, ...rest);
    return (await check)(request, response);
  };
  app.fetch = checked as A["fetch"];
  return app;
}
