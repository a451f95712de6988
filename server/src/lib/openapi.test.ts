import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problem } from "../test/calls";
import { makeMunicipality, makePlace, makeResident, rideBody } from "../test/factories";
import { documentSchemas, type Schema } from "../test/schemaArbitrary";
import { type AuthHeaders, as, createTestApp, signInAs, type TestApp } from "../test/testApp";
import { PERMISSIONS, type Role } from "./auth/permissions";

/**
 * Issue #25: the OpenAPI document tells what the server does. Each finding of
 * the outside test has its cases here; the contract check of the test app
 * (test/contract.ts) holds every answer below against the document as well.
 */

const CODE = "991007";
const m = `/api/v1/municipalities/${CODE}`;

interface Operation {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
  security?: Record<string, string[]>[];
  description?: string;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, { content: Record<string, { schema: Schema }> }>;
    securitySchemes: Record<string, Record<string, string>>;
  };
}

let t: TestApp;
let doc: Document;
let schemas: ReturnType<typeof documentSchemas>;
const sessions = new Map<Role, AuthHeaders>();
let clinic: string;
let shop: string;
let residentId: string;

beforeAll(async () => {
  t = await createTestApp({}, { now: () => new Date("2026-06-01T01:00:00Z") });
  await makeMunicipality(t.database, CODE);
  clinic = await makePlace(t.database, CODE);
  shop = await makePlace(t.database, CODE, { kind: "supermarket", name: "みどりスーパー" });
  residentId = await makeResident(t.database, CODE);
  for (const role of ["municipal_staff", "coordinator", "resident", "platform_admin", "driver"] as const)
    sessions.set(role, await signInAs(t, role, CODE, role === "resident" ? { residentId } : {}));
  doc = (await (await t.app.request("/api/openapi.json")).json()) as Document;
  schemas = documentSchemas(doc);
});
afterAll(() => t.cleanup());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
const operation = (method: string, path: string) => {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`no ${method} ${path} in the document`);
  return op;
};
const statuses = (method: string, path: string) => Object.keys(operation(method, path).responses);
const bodySchema = (method: string, path: string) => {
  const schema = operation(method, path).requestBody?.content["application/json"]?.schema;
  if (!schema) throw new Error(`${method} ${path} takes no JSON`);
  return schema;
};
const parameter = (method: string, path: string, name: string) => {
  const found = operation(method, path).parameters?.find((p) => p.name === name);
  if (!found) throw new Error(`${method} ${path} has no parameter ${name}`);
  return found.schema;
};
const call = (role: Role) => as(t.app, sessions.get(role) ?? {});
const send = (role: Role, method: string, url: string, body: unknown) =>
  call(role)(url, {
    method,
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("finding 1: 401, 403 and how to authenticate are documented", () => {
  it("declares the session cookie, the CSRF header and the metrics token as security schemes", () => {
    expect(doc.components.securitySchemes).toMatchObject({
      session: { type: "apiKey", in: "cookie", name: "tsunagu_session" },
      csrfToken: { type: "apiKey", in: "header", name: "X-CSRF-Token" },
      metricsToken: { type: "http", scheme: "bearer" },
    });
  });

  it("applies the session to every operation the permission table protects, the CSRF token on writes, none on public ones", () => {
    for (const { method, path, op } of operations()) {
      const access = PERMISSIONS[`${method} ${path}`];
      const where = `${method} ${path}`;
      expect(access, where).toBeDefined();
      if (path === "/api/metrics") expect(op.security, where).toEqual([{ metricsToken: [] }]);
      else if (access?.kind === "public") expect(op.security, where).toEqual([]);
      else if (method === "GET") expect(op.security, where).toEqual([{ session: [] }]);
      else expect(op.security, where).toEqual([{ session: [], csrfToken: [] }]);
    }
  });

  it("lists 401 on every protected operation and 403 wherever a role or a missing CSRF token is refused", () => {
    for (const { method, path, op } of operations()) {
      const access = PERMISSIONS[`${method} ${path}`];
      const listed = Object.keys(op.responses);
      const where = `${method} ${path}`;
      if (access?.kind === "public") continue;
      expect(listed, where).toContain("401");
      if (access?.kind === "roles" || method !== "GET") expect(listed, where).toContain("403");
      expect(op.responses["401"]?.$ref, where).toBe("#/components/responses/Unauthenticated");
    }
    expect(doc.components.responses.Unauthenticated?.content["application/problem+json"]?.schema).toEqual({
      $ref: "#/components/schemas/Problem",
    });
  });

  it("documents the anonymous 401 and the coordinator's 403 the issue met", async () => {
    const anonymous = await t.app.request("/api/v1/municipalities/990019/requests");
    expect(anonymous.status).toBe(401);
    expect((await problem(anonymous)).title).toBe("unauthenticated");
    expect(statuses("GET", "/api/v1/municipalities/{code}/requests")).toContain("401");

    const coordinator = await send("coordinator", "POST", `${m}/organisations`, {
      kind: "facility",
      name: "さくら会",
    });
    expect(coordinator.status).toBe(403);
    expect(statuses("POST", "/api/v1/municipalities/{code}/organisations")).toContain("403");
  });
});

describe("finding 2: a body that is not JSON is a documented 400", () => {
  it("answers 400 malformed_request on every operation that takes JSON, and the document lists it", async () => {
    const withJson = operations().filter(({ op }) => op.requestBody?.content["application/json"]);
    expect(withJson.length).toBeGreaterThanOrEqual(30);
    const failures: string[] = [];
    for (const { method, path, op } of withJson) {
      const access = PERMISSIONS[`${method} ${path}`];
      const role: Role | undefined =
        access?.kind === "roles"
          ? (["municipal_staff", "coordinator", "resident", "platform_admin"] as const).find(
              (r) => access.grants[r],
            )
          : access?.kind === "signed_in"
            ? "municipal_staff"
            : undefined;
      // The exports' required format is checked before the body is read.
      const url = `${path
        .replace("{code}", CODE)
        .replace("{date}", "2026-06-05")
        .replace(/\{\w+\}/g, "x")}${path.endsWith("/export") ? "?format=csv" : ""}`;
      const init = { method, headers: { "content-type": "application/json" }, body: '{"broken": ' };
      const response = role ? await call(role)(url, init) : await t.app.request(url, init);
      if (response.status !== 400 || (await problem(response)).title !== "malformed_request")
        failures.push(`${method} ${path} as ${role ?? "anonymous"} → ${response.status}`);
      if (!Object.keys(op.responses).includes("400")) failures.push(`${method} ${path} does not list 400`);
    }
    expect(failures).toEqual([]);
  });
});

describe("finding 3: a query value out of range is the documented 422", () => {
  it.each([
    ["/api/v1/municipalities/{code}/effects/history", `${m}/effects/history?year=2101`],
    [
      "/api/v1/municipalities/{code}/match-runs/{runId}/effects",
      `${m}/match-runs/run-1/effects?rideKmPerLitre=61`,
    ],
  ])("%s", async (path, url) => {
    const response = await call("municipal_staff")(url);
    expect(response.status).toBe(422);
    expect((await problem(response)).title).toBe("validation_failed");
    expect(statuses("GET", path)).toContain("422");
    expect(statuses("GET", path)).not.toContain("400");
  });
});

describe("finding 4: the GeoJSON export is documented as the FeatureCollection it returns", () => {
  it("declares the export's GeoJSON as an object and answers one that fits it", async () => {
    const path = "/api/v1/municipalities/{code}/coverage/export";
    const content = operation("POST", path).responses["200"]?.content ?? {};
    const geojson = schemas.deref(content["application/geo+json"]?.schema ?? {});
    expect(geojson.type).toBe("object");
    expect(geojson.required).toEqual(expect.arrayContaining(["type", "features", "tsunagu"]));
    expect(content["text/csv"]?.schema).toMatchObject({ type: "string" });

    const response = await send("municipal_staff", "POST", `${m}/coverage/export?format=geojson`, {});
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ type: "FeatureCollection", features: expect.any(Array) });
    expect(schemas.accepts(content["application/geo+json"]?.schema ?? {}, body)).toBe(true);
    expect(schemas.accepts(content["application/geo+json"]?.schema ?? {}, JSON.stringify(body))).toBe(false);
  });
});

describe("finding 5: the schemas are as strict as the server", () => {
  const organisations = "/api/v1/municipalities/{code}/organisations";
  const vehicles = "/api/v1/municipalities/{code}/vehicles";
  const requests = "/api/v1/municipalities/{code}/requests";

  it("refuses empty and blank names, in the document and on the server", async () => {
    const schema = bodySchema("POST", organisations);
    for (const name of ["", "   ", "\u3000"]) {
      expect(schemas.accepts(schema, { kind: "facility", name }), JSON.stringify(name)).toBe(false);
      const response = await send("municipal_staff", "POST", `${m}/organisations`, {
        kind: "facility",
        name,
      });
      expect(response.status).toBe(422);
      expect((await problem(response)).errors?.map((e) => e.path)).toContain("body.name");
    }
    expect(schemas.accepts(schema, { kind: "facility", name: "さくら会" })).toBe(true);
    expect(
      (await send("municipal_staff", "POST", `${m}/organisations`, { kind: "facility", name: "さくら会" }))
        .status,
    ).toBe(201);
  });

  it("requires a vehicle's fuel, and the figures its fuel needs, in the document as on the server", async () => {
    const van = { kind: "van", name: "さくら号", seats: 6, fuel: "petrol", kmPerLitre: 12 };
    for (const [method, path] of [
      ["POST", vehicles],
      ["PUT", `${vehicles}/{id}`],
    ] as const) {
      const schema = bodySchema(method, path);
      expect(schemas.deref(schema).required, `${method} ${path}`).toContain("fuel");
      expect(schemas.accepts(schema, van)).toBe(true);
    }
    const schema = bodySchema("POST", vehicles);
    const refused: [string, Record<string, unknown>, string][] = [
      ["no fuel", { ...van, fuel: undefined }, "body.fuel"],
      ["a petrol van without km/ℓ", { ...van, kmPerLitre: null }, "body.kmPerLitre"],
      ["an electric van without kWh/km", { ...van, fuel: "electric", kmPerLitre: null }, "body.kWhPerKm"],
      ["a drone on petrol", { ...van, kind: "drone" }, "body.fuel"],
      ["a vehicle that carries nothing", { ...van, seats: 0 }, "body.seats"],
      ["a wheelchair van without a wheelchair place", { ...van, kind: "wheelchair_van" }, "body.wheelchairs"],
    ];
    for (const [name, body, field] of refused) {
      expect(schemas.accepts(schema, JSON.parse(JSON.stringify(body))), name).toBe(false);
      const response = await send("municipal_staff", "POST", `${m}/vehicles`, body);
      expect(response.status, name).toBe(422);
      expect(
        (await problem(response)).errors?.map((e) => e.path),
        name,
      ).toContain(field);
    }
    expect((await send("municipal_staff", "POST", `${m}/vehicles`, van)).status).toBe(201);
  });

  it("documents dates as real calendar dates", async () => {
    const body = bodySchema("POST", requests);
    const query = parameter("GET", requests, "date");
    const ride = rideBody(clinic, { date: "2026-06-05", latest: "11:00", pickup: { placeId: shop } });
    expect(schemas.accepts(body, ride)).toBe(true);
    expect(schemas.accepts(query, "2026-06-05")).toBe(true);
    for (const date of ["0000-00-00", "2026-02-30", "2026-13-01", "0050-01-01"]) {
      expect(schemas.accepts(body, { ...ride, date }), date).toBe(false);
      expect(schemas.accepts(query, date), date).toBe(false);
      expect((await call("coordinator")(`${m}/requests?date=${date}`)).status, date).toBe(422);
      expect((await send("coordinator", "POST", `${m}/requests`, { ...ride, date })).status, date).toBe(422);
    }
  });

  it("documents a pick-up or drop-off as exactly one of placeId, home or lat+lon", async () => {
    const body = bodySchema("POST", requests);
    const ride = (pickup: unknown) => ({
      kind: "ride",
      residentId,
      date: "2026-06-05",
      earliest: "09:00",
      latest: "11:00",
      pickup,
      dropoff: { placeId: clinic },
      purpose: "clinic",
    });
    for (const pickup of [{ placeId: shop }, { home: true }, { lat: 37.41, lon: 137.22 }]) {
      expect(schemas.accepts(body, ride(pickup)), JSON.stringify(pickup)).toBe(true);
      expect((await send("coordinator", "POST", `${m}/requests`, ride(pickup))).status).toBe(201);
    }
    for (const pickup of [{}, { placeId: shop, home: true }, { lat: 37.41 }, { placeId: shop, lon: 137.2 }]) {
      expect(schemas.accepts(body, ride(pickup)), JSON.stringify(pickup)).toBe(false);
      expect((await send("coordinator", "POST", `${m}/requests`, ride(pickup))).status).toBe(422);
    }
    // Home needs the resident whose home it is.
    expect(schemas.accepts(body, { ...ride({ home: true }), residentId: null })).toBe(false);
  });

  it("says that windows run forwards, with the rule's code, where JSON Schema cannot", () => {
    const request = schemas.deref(bodySchema("POST", requests));
    expect(request.description).toMatch(/`latest` must be after `earliest`/);
    expect(request["x-rules"]).toContain("window_ends_before_start");
    const availability = JSON.stringify(schemas.deref(bodySchema("POST", vehicles)).properties?.availability);
    expect(availability).toContain("`to` must be after `from`.");
    expect(availability).toContain('"x-rules":["window_ends_before_start"]');
    expect(JSON.stringify(bodySchema("POST", "/api/v1/municipalities/{code}/hubs"))).toContain(
      "`closesAt` must be after `opensAt`",
    );
  });

  it("types offset as an integer, never null", async () => {
    const offset = parameter("GET", requests, "offset");
    expect(offset).toMatchObject({ type: "integer", minimum: 0 });
    expect(schemas.accepts(offset, null)).toBe(false);
    expect((await call("coordinator")(`${m}/requests?offset=null`)).status).toBe(422);
    expect((await call("coordinator")(`${m}/requests?offset=10`)).status).toBe(200);
  });

  it("documents the band as HH:MM-HH:MM up to 48:00", async () => {
    const band = parameter("GET", "/api/v1/municipalities/{code}/stops/service", "band");
    expect(schemas.accepts(band, "08:00-18:00")).toBe(true);
    expect(schemas.accepts(band, "22:00-26:30")).toBe(true);
    for (const value of ["8-18", "08:00", "08:00-49:00", "morning"]) {
      expect(schemas.accepts(band, value), value).toBe(false);
      expect((await t.app.request(`${m}/stops/service?band=${value}`)).status, value).toBe(422);
    }
    expect((await t.app.request(`${m}/stops/service?band=08:00-18:00`)).status).toBe(200);
  });
});
