import type { RouteConfig } from "@hono/zod-openapi";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { PERMISSIONS, type Role } from "./lib/auth/permissions";
import { ProblemSchema } from "./lib/openapi";
import { makeMunicipality, makeResident } from "./test/factories";
import { describedRuleCodes, documentSchemas, type Json, type Schema } from "./test/schemaArbitrary";
import { type AuthHeaders, createTestApp, signInAs, type TestApp } from "./test/testApp";

/**
 * Property-based testing of the server against its own OpenAPI document, the
 * way an outside tester would: for every operation, requests are generated
 * from the document's schemas (valid ones, and the same mutated and broken)
 * and sent as every role and anonymously. Every response goes through the
 * test app's contract check (test/contract.ts): its status must be listed for
 * the operation and its body valid against that status's schema. Besides:
 * - never a 5xx, and every 4xx is problem+json whose `status` is the HTTP status;
 * - a body the document refuses is never accepted (2xx);
 * - values valid by the document pass the route's own zod schemas, except for
 *   the rules the document can only describe (their codes under `x-rules`).
 *
 * Runs are bounded (NUM_RUNS per operation) and seeded, so a failure prints a
 * seed and counterexample that replays exactly.
 */
const NUM_RUNS = 30;
/**
 * A well-formed sign-in costs one password hash at the production cost (an
 * unknown email too, so timing does not tell which emails exist): fewer runs.
 */
const RUNS_OF: Readonly<Record<string, number>> = { "POST /api/v1/auth/sign-in": 5 };
const SEED = 20_260_605;
const CODE = "991007";
const OTHER = "991015";

type Who = Role | "anonymous";
const WHO: Who[] = ["platform_admin", "municipal_staff", "coordinator", "driver", "resident", "anonymous"];

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  key: string;
  parameters: Parameter[];
  bodyTypes: string[];
  bodySchema?: Schema;
  /** The route's own zod schemas, which the document was generated from. */
  route: RouteConfig | undefined;
}
interface Doc {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

// The app is built at collection time: one test per operation needs the
// operation list before vitest registers tests.
const t: TestApp = await createTestApp();
const doc = (await (await t.app.request("/api/openapi.json")).json()) as Doc;
const schemas = documentSchemas(doc);
const routes = t.app.openAPIRegistry.definitions.flatMap((d) => (d.type === "route" ? [d.route] : []));
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => {
    const content = op.requestBody?.content ?? {};
    const bodyTypes = Object.keys(content);
    const first = bodyTypes[0];
    return {
      method: method.toUpperCase(),
      path,
      key: `${method.toUpperCase()} ${path}`,
      parameters: op.parameters ?? [],
      bodyTypes,
      ...(first && content[first]?.schema ? { bodySchema: content[first].schema } : {}),
      route: routes.find((r) => r.method === method && r.path === path),
    };
  }),
);

const sessions = new Map<Who, AuthHeaders>();
/** How often each status came back over the whole run, to prove the fuzzer reached the handlers. */
const tally = new Map<number, number>();
let residentId = "";

beforeAll(async () => {
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  residentId = await makeResident(t.database, CODE);
  for (const who of WHO) {
    if (who === "anonymous") sessions.set(who, {});
    else sessions.set(who, await signInAs(t, who, CODE, who === "resident" ? { residentId } : {}));
  }
});
afterAll(() => t.cleanup());

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every path into a JSON value (object keys and array indexes), the root first. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...prefix, i])));
  if (isObject(value)) return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...prefix, k])));
  return here;
}

/** A copy of `value` with the node at `at` replaced (or, when `replacement` is undefined, removed). */
function setAt(value: Json, at: (string | number)[], replacement: Json | undefined): Json | undefined {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (Array.isArray(value) && typeof head === "number") {
    const copy = [...value];
    const next = setAt(copy[head] ?? null, rest, replacement);
    if (next === undefined) copy.splice(head, 1);
    else copy[head] = next;
    return copy;
  }
  if (isObject(value) && typeof head === "string") {
    const copy = { ...value };
    const next = setAt(copy[head] ?? null, rest, replacement);
    if (next === undefined) delete copy[head];
    else copy[head] = next;
    return copy;
  }
  return value;
}

const longString = fc.constantFrom("a".repeat(10_000), "あ".repeat(5_000), "😀".repeat(2_000));
const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom(
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "",
    " ",
    "null",
    "0x10",
    "-0",
    "2026-02-30",
    "99:99",
  ),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -1, 0, 0.5, 2 ** 31, -(2 ** 53)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  longString,
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.array(fc.string(), { maxLength: 5 }),
);

function deepNest(depth: number): Json {
  let value: Json = {};
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

interface Body {
  text?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  label: string;
}

/**
 * Bodies valid by the document, the same mutated (a field dropped, replaced
 * by junk, an extra key …), raw junk and wrong content types.
 */
function bodies(op: Operation): fc.Arbitrary<Body> {
  const valid = op.bodySchema ? schemas.arbitrary(op.bodySchema) : fc.constant<Json>({});
  return valid.chain((base) =>
    fc.oneof({ weight: 3, arbitrary: mutations(base) }, { weight: 2, arbitrary: raw(base) }),
  );
}

function mutations(base: Json): fc.Arbitrary<Body> {
  const basePaths = paths(base);
  const json = (value: Json | undefined, label: string): Body => ({
    text: value === undefined ? "" : JSON.stringify(value),
    contentType: "application/json",
    label,
  });
  const pick = fc.nat().map((n) => basePaths[n % basePaths.length] ?? []);
  return fc.oneof(
    fc.constant(json(base, "valid by the document")),
    fc.constant(json({}, "empty object")),
    pick.map((at) => json(setAt(base, at, undefined), `drop ${at.join(".")}`)),
    fc.tuple(pick, junk).map(([at, v]) => json(setAt(base, at, v), `replace ${at.join(".")}`)),
    fc
      .tuple(pick, fc.constantFrom<Json>([], [1, 2], {}, { x: [] }, [{}]))
      .map(([at, v]) => json(setAt(base, at, v), `container at ${at.join(".")}`)),
    fc
      .tuple(fc.string(), junk)
      .map(([k, v]) => json(isObject(base) ? { ...base, [k]: v } : { [k]: v }, "extra key")),
    fc.constantFrom(10, 200, 2_000).map((d) => json(deepNest(d), `nested ${d}`)),
    junk.map((v) => json(v, "junk root")),
    fc.constant(json([base], "array of example")),
    fc
      .tuple(
        fc.constantFrom("__proto__", "constructor", "prototype"),
        fc.constantFrom('{"isAdmin":true}', '{"prototype":{"x":1}}', "null", "1"),
      )
      .map(([k, v]) => {
        const text = JSON.stringify(isObject(base) ? base : {});
        const inner = text === "{}" ? "" : `,${text.slice(1, -1)}`;
        return { text: `{"${k}":${v}${inner}}`, contentType: "application/json", label: `pollution ${k}` };
      }),
  );
}

function raw(base: Json): fc.Arbitrary<Body> {
  return fc.oneof(
    fc.string().map((text) => ({ text, contentType: "application/json", label: "raw text as json" })),
    fc.constantFrom("{", "[1,", '{"a":}', "\u0000", "{}{}", "\uFEFF{}", '"unterminated').map((text) => ({
      text,
      contentType: "application/json",
      label: "broken json",
    })),
    fc
      .tuple(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom("application/zip", "application/octet-stream", "text/csv"),
      )
      .map(([bytes, contentType]) => ({
        text: Uint8Array.from(bytes),
        contentType,
        label: `random bytes as ${contentType}`,
      })),
    fc
      .constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "",
        "application/json; charset=utf-16",
        "application/problem+json",
      )
      .map((contentType) => ({
        text: JSON.stringify(base),
        contentType,
        label: `wrong type ${contentType || "(none)"}`,
      })),
    fc.constant<Body>({ label: "no body" }),
  );
}

/** A path segment: real codes and ids, and everything a path should survive. */
function segment(name: string): fc.Arbitrary<string> {
  const real =
    name === "code"
      ? fc.constantFrom(CODE, OTHER)
      : name === "date"
        ? fc.constantFrom("2026-06-05", "2026-13-45", "0000-00-00")
        : fc.constantFrom(residentId, "no-such-id");
  const encoded = fc
    .oneof(
      fc.string({ minLength: 1 }),
      fc.string({ unit: "grapheme", minLength: 1 }),
      fc.constantFrom(
        "../",
        "..",
        "%",
        "%00",
        " ",
        "a".repeat(5_000),
        "991007/../991015",
        "-1",
        "1e9",
        "\u202e",
      ),
    )
    .map(encodeURIComponent);
  // Left unencoded on purpose: the router sees dot segments, doubled and stray percent signs.
  const raw = fc.constantFrom("..", ".", "", "%", "%zz", "%2e%2e", "..%2f..%2f", "%c0%ae");
  return fc.oneof(
    { weight: 3, arbitrary: real },
    { weight: 3, arbitrary: encoded },
    { weight: 1, arbitrary: raw },
  );
}

function queries(op: Operation): fc.Arbitrary<string> {
  const known = op.parameters.filter((p) => p.in === "query");
  const value = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.constantFrom(
      "-1",
      "0",
      "1e309",
      "NaN",
      "201",
      "99999999999999999999",
      "",
      "2026-06-01",
      "2026-02-31",
      "1,2,3,4",
      "a,b,c,d",
      "csv",
      "xlsx",
      "ride",
      "done",
    ),
    longString,
  );
  const pair = fc.tuple(
    known.length ? fc.oneof(fc.constantFrom(...known.map((p) => p.name)), fc.string()) : fc.string(),
    value,
  );
  return fc.array(pair, { maxLength: 6 }).map((pairs) => {
    const params = new URLSearchParams();
    for (const [k, v] of pairs) params.append(k, v);
    const text = params.toString();
    return text ? `?${text}` : "";
  });
}

function request(op: Operation) {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
  const hasBody = op.method === "POST" || op.method === "PUT" || op.method === "PATCH";
  return fc.record({
    who: fc.constantFrom(...WHO),
    // Unsafe methods without the CSRF header must be refused cleanly too.
    withCsrf: fc.boolean(),
    segments: fc.tuple(...names.map(segment)),
    query: queries(op),
    body: hasBody ? bodies(op) : fc.constant<Body>({ label: "no body" }),
    idempotencyKey: fc.option(
      fc.oneof(
        fc.uuid(),
        fc.string({ maxLength: 300 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      ),
    ),
  });
}

/** Operations that end or rewrite the caller's session run on a fresh one each time. */
const SESSION_ENDING = /\/auth\/(sign-out|sign-out-everywhere|password)$|\/me\/erasure$/;

describe("fuzzing every operation of the OpenAPI document", () => {
  it("covers the whole document", () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations.map((op) => [op.key, op] as const))(
    "%s: never 5xx, every 4xx is problem+json",
    async (_key, op) => {
      await fc.assert(
        fc.asyncProperty(request(op), async (r) => {
          let path = op.path;
          op.path.match(/\{\w+\}/g)?.forEach((param, i) => {
            path = path.replace(param, r.segments[i] ?? "");
          });
          const session =
            r.who !== "anonymous" && SESSION_ENDING.test(op.path)
              ? await signInAs(t, r.who, CODE, r.who === "resident" ? { residentId } : {})
              : (sessions.get(r.who) ?? {});
          const headers: Record<string, string> = { ...session };
          if (!r.withCsrf) delete headers["x-csrf-token"];
          if (r.body.contentType) headers["content-type"] = r.body.contentType;
          if (r.idempotencyKey !== null) headers["idempotency-key"] = r.idempotencyKey;
          const response = await t.app.request(`${path}${r.query}`, {
            method: op.method,
            headers,
            ...(r.body.text !== undefined ? { body: r.body.text } : {}),
          });
          const text = await response.text();
          tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
          const where = `${op.method} ${path}${r.query} as ${r.who} [${r.body.label}] → ${response.status}: ${text.slice(0, 300)}`;
          expect(response.status, where).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get("content-type"), where).toMatch(/^application\/problem\+json/);
            const problem = ProblemSchema.safeParse(JSON.parse(text));
            expect(problem.success, where).toBe(true);
            expect(problem.data?.status, where).toBe(response.status);
          }
          const sent = jsonSent(r.body);
          if (response.status < 300 && sent && op.bodySchema && op.bodyTypes.includes("application/json")) {
            expect(
              schemas.accepts(op.bodySchema, sent.value),
              `${where}: accepted a body the document refuses`,
            ).toBe(true);
          }
        }),
        { numRuns: NUM_RUNS, seed: SEED },
      );
    },
    30_000,
  );
});

/** The JSON value a body carried, when it was JSON sent as application/json. */
function jsonSent(body: Body): { value: unknown } | undefined {
  if (body.contentType !== "application/json" || typeof body.text !== "string") return undefined;
  try {
    return { value: JSON.parse(body.text) };
  } catch {
    return undefined;
  }
}

/** Who the permission table lets through for an operation: its granted roles, or anonymous for public ones. */
function callers(op: Operation): Who[] {
  const access = PERMISSIONS[op.key];
  if (!access || access.kind === "public") return ["anonymous"];
  if (access.kind === "signed_in") return ["municipal_staff", "resident"];
  return Object.keys(access.grants) as Role[];
}

function isZod(schema: unknown): schema is z.ZodType {
  return typeof (schema as { safeParse?: unknown } | undefined)?.safeParse === "function";
}

/** The route's zod schemas of each request part, by where the value goes. */
function zodParts(op: Operation) {
  const request = op.route?.request;
  const media = request?.body?.content?.["application/json"];
  const body = media && "schema" in media ? media.schema : undefined;
  return {
    path: isZod(request?.params) ? request.params : undefined,
    query: isZod(request?.query) ? request.query : undefined,
    header: isZod(request?.headers) ? request.headers : undefined,
    body: isZod(body) ? body : undefined,
  };
}

/**
 * Why the route's own zod schema refuses a value the document accepts, or
 * undefined: refusals for rules the document only describes (`x-rules`) are
 * expected, any other is the document and the server disagreeing.
 */
function schemaRefusal(schema: z.ZodType | undefined, value: unknown, described: Set<string>) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const unexplained = result.error.issues.filter((issue) => {
    const code = (issue as { params?: { code?: unknown } }).params?.code ?? issue.code;
    return !(typeof code === "string" && described.has(code));
  });
  return unexplained.length > 0
    ? unexplained.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
    : undefined;
}

/** A request every part of which is valid by the document, by a role the permission table lets through. */
function validRequest(op: Operation) {
  const arbitraryOf = (p: Parameter) => (p.schema ? schemas.arbitrary(p.schema) : fc.constant<Json>("x"));
  const part = (where: Parameter["in"]) =>
    fc
      .tuple(
        ...op.parameters
          .filter((p) => p.in === where)
          .map((p) =>
            (p.name === "code"
              ? fc.constant<Json>(CODE)
              : p.required
                ? arbitraryOf(p)
                : fc.option(arbitraryOf(p), { nil: undefined })
            ).map((v) => [p.name, v] as const),
          ),
      )
      .map((pairs) =>
        Object.fromEntries(pairs.filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])),
      );
  const jsonBody = op.bodySchema && op.bodyTypes.includes("application/json") ? op.bodySchema : undefined;
  return fc.record({
    who: fc.constantFrom(...callers(op)),
    path: part("path"),
    query: part("query"),
    header: part("header"),
    body: jsonBody ? schemas.arbitrary(jsonBody).map((value) => ({ value })) : fc.constant(undefined),
  });
}

describe("requests valid by the document", () => {
  it.each(operations.map((op) => [op.key, op] as const))(
    "%s: the route's schemas accept them, the answer is documented and never 5xx",
    async (_key, op) => {
      const zod = zodParts(op);
      const described = (where: Parameter["in"]) =>
        new Set(
          op.parameters
            .filter((p) => p.in === where && p.schema)
            .flatMap((p) => [...describedRuleCodes(p.schema as Schema, schemas.deref)]),
        );
      const bodyRules = op.bodySchema ? describedRuleCodes(op.bodySchema, schemas.deref) : new Set<string>();
      await fc.assert(
        fc.asyncProperty(validRequest(op), async (r) => {
          const refusals = [
            schemaRefusal(zod.path, r.path, described("path")),
            schemaRefusal(zod.query, r.query, described("query")),
            schemaRefusal(zod.header, r.header, described("header")),
            r.body ? schemaRefusal(zod.body, r.body.value, bodyRules) : undefined,
          ].filter((x) => x !== undefined);
          const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
            encodeURIComponent(r.path[name] ?? ""),
          );
          const query = new URLSearchParams(r.query).toString();
          const url = `${path}${query ? `?${query}` : ""}`;
          const where = `${op.method} ${url} as ${r.who} ${r.body ? JSON.stringify(r.body.value).slice(0, 300) : ""}`;
          expect(refusals, `${where}: valid by the document, refused by the route's schema`).toEqual([]);

          const session =
            r.who !== "anonymous" && SESSION_ENDING.test(op.path)
              ? await signInAs(t, r.who, CODE, r.who === "resident" ? { residentId } : {})
              : (sessions.get(r.who) ?? {});
          const response = await t.app.request(url, {
            method: op.method,
            headers: { ...session, ...r.header, ...(r.body ? { "content-type": "application/json" } : {}) },
            ...(r.body ? { body: JSON.stringify(r.body.value) } : {}),
          });
          const text = await response.text();
          tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
          expect(response.status, `${where} → ${response.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
        }),
        { numRuns: RUNS_OF[op.key] ?? NUM_RUNS, seed: SEED },
      );
    },
    60_000,
  );
});

describe("the fuzzing reached the handlers", () => {
  // Runs last (tests in a file run in order): a fuzzer stopped at the door by
  // 401/403/415 for everything would pass vacuously.
  it("got past authentication and validation into the handlers", () => {
    const count = (from: number, to: number) =>
      [...tally].filter(([s]) => s >= from && s < to).reduce((sum, [, n]) => sum + n, 0);
    console.info("fuzz status tally", Object.fromEntries([...tally].sort(([a], [b]) => a - b)));
    expect(count(200, 300)).toBeGreaterThan(100);
    expect(tally.get(422) ?? 0).toBeGreaterThan(100);
    expect(tally.get(404) ?? 0).toBeGreaterThan(0);
  });
});
