import {
  DriverSchema,
  DronePortSchema,
  DroneRouteSchema,
  HubSchema,
  OrganisationSchema,
  PlaceSchema,
  ResidentSchema,
  VehicleSchema,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../app";
import { createLogger } from "../../lib/logger";
import { problem } from "../../test/calls";
import { contractChecked } from "../../test/contract";
import { makeMunicipality, makePlace } from "../../test/factories";
import { as, createTestApp, signInAs, type TestApp } from "../../test/testApp";

const CODE = "991007";
const OTHER = "991015";
let t: TestApp;
let app: { request: ReturnType<typeof as> };
/** Staff of the other municipality: proves the query layer keeps tenants apart, too. */
let other: ReturnType<typeof as>;
let depot: string;
/** The app as signed-in clients see it, for a second role. */
let raw: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await createTestApp();
  raw = contractChecked(
    createApp({
      config: t.config,
      database: t.database,
      logger: createLogger("silent"),
      now: () => new Date("2026-06-01T01:00:00Z"),
    }),
  );
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  // Municipal staff of CODE: the role that registers resources and residents.
  app = { request: as(raw, await signInAs({ app: raw, database: t.database }, "municipal_staff", CODE)) };
  other = as(raw, await signInAs({ app: raw, database: t.database }, "municipal_staff", OTHER));
  depot = await makePlace(t.database, CODE, { kind: "day_care", name: "デイサービスさくら" });
});
afterAll(() => t.cleanup());

const base = (path: string, code = CODE) => `/api/v1/municipalities/${code}/${path}`;
const send = (method: string, url: string, body: unknown, client = app.request) =>
  client(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const van = (overrides: Record<string, unknown> = {}) => ({
  kind: "wheelchair_van",
  name: "さくら号",
  seats: 6,
  wheelchairs: 2,
  features: ["lift"],
  fuel: "petrol",
  kmPerLitre: 9.5,
  depotPlaceId: depot,
  availability: {
    weekly: [{ days: [1, 2, 3, 4, 5], from: "10:00", to: "15:30" }],
    exceptions: [{ date: "2026-08-13", windows: [] }],
  },
  ...overrides,
});

describe("vehicles", () => {
  it("registers a van with its idle window, reads, replaces and removes it", async () => {
    const created = await send("POST", base("vehicles"), van());
    expect(created.status).toBe(201);
    const vehicle = VehicleSchema.parse(await created.json());
    expect(vehicle.availability.weekly[0]).toEqual({ days: [1, 2, 3, 4, 5], from: "10:00", to: "15:30" });
    expect(vehicle.availability.exceptions[0]).toEqual({ date: "2026-08-13", windows: [] });
    const replaced = await send("PUT", base(`vehicles/${vehicle.id}`), van({ seats: 4 }));
    expect(VehicleSchema.parse(await replaced.json()).seats).toBe(4);
    const list = (await (await app.request(base("vehicles"))).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    expect((await app.request(base(`vehicles/${vehicle.id}`), { method: "DELETE" })).status).toBe(204);
    expect((await app.request(base(`vehicles/${vehicle.id}`))).status).toBe(404);
  });

  it.each([
    [
      "a window that ends before it starts",
      { availability: { weekly: [{ days: [1], from: "15:00", to: "10:00" }] } },
      "body.availability.weekly.0.to",
    ],
    ["a negative capacity", { seats: -3 }, "body.seats"],
    ["an absurd capacity", { cargoKg: 1e9 }, "body.cargoKg"],
    ["an unknown kind", { kind: "hovercraft" }, "body.kind"],
    ["an unknown feature", { features: ["teleporter"] }, "body.features.0"],
    [
      "a weekday 8",
      { availability: { weekly: [{ days: [8], from: "10:00", to: "11:00" }] } },
      "body.availability.weekly.0.days.0",
    ],
    ["a petrol van without fuel economy", { kmPerLitre: null }, "body.kmPerLitre"],
    ["a wheelchair van with no wheelchair place", { wheelchairs: 0 }, "body.wheelchairs"],
    ["a depot of no one", { depotPlaceId: "nowhere" }, "body.depotPlaceId"],
    [
      "two exceptions for one date",
      {
        availability: {
          weekly: [],
          exceptions: [
            { date: "2026-08-13", windows: [] },
            { date: "2026-08-13", windows: [] },
          ],
        },
      },
      "body.availability.exceptions.1.date",
    ],
  ])("refuses %s with 422 naming the field and stores nothing", async (_name, overrides, path) => {
    const before = (await t.database.db.select().from(schema.vehicles)).length;
    const response = await send("POST", base("vehicles"), van(overrides));
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.map((e) => e.path)).toContain(path);
    expect((await t.database.db.select().from(schema.vehicles)).length).toBe(before);
  });

  it("names the rule in each problem's code, so screens can say it in Japanese", async () => {
    const response = await send(
      "POST",
      base("vehicles"),
      van({ name: "   ", availability: { weekly: [{ days: [1], from: "15:00", to: "10:00" }] } }),
    );
    expect(response.status).toBe(422);
    const codes = Object.fromEntries((await problem(response)).errors?.map((e) => [e.path, e.code]) ?? []);
    expect(codes["body.availability.weekly.0.to"]).toBe("window_ends_before_start");
    expect(codes["body.name"]).toBe("required");
  });

  it("keeps another municipality's vehicle out of reach (404 for read, replace, delete)", async () => {
    const vehicle = VehicleSchema.parse(await (await send("POST", base("vehicles"), van())).json());
    expect((await app.request(base(`vehicles/${vehicle.id}`, OTHER))).status).toBe(404);
    expect(
      (await send("PUT", base(`vehicles/${vehicle.id}`, OTHER), van({ depotPlaceId: null }))).status,
    ).toBe(404);
    expect((await app.request(base(`vehicles/${vehicle.id}`, OTHER), { method: "DELETE" })).status).toBe(404);
    const { findVehicle } = await import("@tsunagu/db");
    expect((await findVehicle(t.database.db, CODE, vehicle.id))?.archivedAt).toBeNull();
  });
});

describe("organisations", () => {
  it("refuses to remove an organisation a vehicle still belongs to (409 in_use), and removes it once free", async () => {
    const created = await send("POST", base("organisations"), { kind: "facility", name: "さくら苑" });
    expect(created.status).toBe(201);
    const organisation = OrganisationSchema.parse(await created.json());
    const vehicle = VehicleSchema.parse(
      await (await send("POST", base("vehicles"), van({ organisationId: organisation.id }))).json(),
    );
    const refused = await app.request(base(`organisations/${organisation.id}`), { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect((await problem(refused)).title).toBe("in_use");
    expect((await app.request(base(`organisations/${organisation.id}`))).status).toBe(200);
    expect((await app.request(base(`vehicles/${vehicle.id}`), { method: "DELETE" })).status).toBe(204);
    expect((await app.request(base(`organisations/${organisation.id}`), { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await app.request(base(`organisations/${organisation.id}`))).status).toBe(404);
  });
});

describe("drivers", () => {
  it("links a volunteer to the vehicles they may drive, only within the municipality", async () => {
    const vehicle = VehicleSchema.parse(await (await send("POST", base("vehicles"), van())).json());
    const driver = {
      kind: "volunteer",
      name: "佐藤 一郎",
      vehicleIds: [vehicle.id],
      availability: { weekly: [{ days: [2, 4], from: "09:00", to: "12:00" }] },
    };
    const created = await send("POST", base("drivers"), driver);
    expect(created.status).toBe(201);
    const body = DriverSchema.parse(await created.json());
    expect(body.vehicleIds).toEqual([vehicle.id]);
    const wrong = await send("POST", base("drivers", OTHER), driver, other);
    expect(wrong.status).toBe(422);
    expect((await problem(wrong)).errors?.[0]?.path).toBe("body.vehicleIds.0");
    expect((await other(base(`drivers/${body.id}`, OTHER))).status).toBe(404);
    expect((await app.request(base(`drivers/${body.id}`, OTHER))).status).toBe(404);
  });
});

describe("residents", () => {
  it("registers a resident with consent time from the clock, and refuses a home outside Japan", async () => {
    const created = await send("POST", base("residents"), {
      name: "田中 トメ",
      home: { lat: 37.41, lon: 137.22 },
      wheelchair: true,
      consent: true,
    });
    expect(created.status).toBe(201);
    const resident = ResidentSchema.parse(await created.json());
    expect(resident.consentAt).toBe("2026-06-01T01:00:00.000Z");
    const outside = await send("POST", base("residents"), {
      name: "X",
      home: { lat: 137.2, lon: 37.4 },
      consent: true,
    });
    expect(outside.status).toBe(422);
    expect((await problem(outside)).errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(["body.home.lat", "body.home.lon"]),
    );
    expect((await app.request(base(`residents/${resident.id}`, OTHER))).status).toBe(404);
  });
  it("writes every read and write of a resident to the audit log, by id only", async () => {
    const resident = ResidentSchema.parse(
      await (
        await send("POST", base("residents"), {
          name: "山田 花子",
          home: { lat: 37.4, lon: 137.2 },
          consent: true,
        })
      ).json(),
    );
    await send("PUT", base(`residents/${resident.id}`), {
      name: "山田 花子",
      home: { lat: 37.4, lon: 137.2 },
      consent: false,
    });
    await app.request(base(`residents/${resident.id}`));
    await app.request(base("residents"));
    const entries = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.residentId, resident.id))
      .orderBy(schema.auditLog.id);
    expect(entries.map((e) => e.action)).toEqual(["create", "update", "read", "read"]);
    for (const e of entries) {
      expect(e).toMatchObject({ resourceType: "resident", resourceId: resident.id, municipalityCode: CODE });
      expect(e.actorUserId).not.toBeNull();
      expect(JSON.stringify(e)).not.toContain("山田");
    }
  });
});

describe("hubs and drones", () => {
  it("registers a hub, refuses hours that close before they open", async () => {
    const hub = await send("POST", base("hubs"), { placeId: depot, opensAt: "08:00", closesAt: "18:00" });
    expect(hub.status).toBe(201);
    expect(HubSchema.parse(await hub.json()).name).toBe("デイサービスさくら");
    const bad = await send("POST", base("hubs"), { placeId: depot, opensAt: "18:00", closesAt: "08:00" });
    expect((await problem(bad)).errors?.[0]?.path).toBe("body.closesAt");
    const foreign = await send(
      "POST",
      base("hubs", OTHER),
      { placeId: depot, opensAt: "08:00", closesAt: "18:00" },
      other,
    );
    expect((await problem(foreign)).errors?.[0]?.path).toBe("body.placeId");
  });

  it("registers a place by its pin and a hub at it; refuses a pin abroad, another's organisation, a coordinator", async () => {
    const created = await send("POST", base("places"), {
      kind: "hub",
      name: "北沢集会所",
      lat: 35.0123,
      lon: 136.5,
      address: "架空町北沢 1-2",
    });
    expect(created.status).toBe(201);
    const place = PlaceSchema.parse(await created.json());
    expect(place).toMatchObject({ kind: "hub", name: "北沢集会所", lat: 35.0123, address: "架空町北沢 1-2" });
    const hub = await send("POST", base("hubs"), { placeId: place.id, opensAt: "08:00", closesAt: "18:00" });
    expect(HubSchema.parse(await hub.json())).toMatchObject({ name: "北沢集会所", lat: 35.0123 });
    const listed = (await (await app.request(base("places"))).json()) as { items: { id: string }[] };
    expect(listed.items.map((p) => p.id)).toContain(place.id);
    const abroad = await send("POST", base("places"), { kind: "hub", name: "海外", lat: 51.5, lon: -0.1 });
    expect((await problem(abroad)).errors?.map((e) => e.path)).toEqual(["body.lat", "body.lon"]);
    const organisation = OrganisationSchema.parse(
      await (
        await send("POST", base("organisations", OTHER), { kind: "facility", name: "他町の病院" }, other)
      ).json(),
    );
    const foreign = await send("POST", base("places"), {
      kind: "clinic",
      name: "診療所",
      lat: 35,
      lon: 136.5,
      organisationId: organisation.id,
    });
    expect((await problem(foreign)).errors?.[0]?.path).toBe("body.organisationId");
    const coordinator = as(raw, await signInAs({ app: raw, database: t.database }, "coordinator", CODE));
    expect(
      (await send("POST", base("places"), { kind: "hub", name: "x", lat: 35, lon: 136 }, coordinator)).status,
    ).toBe(403);
  });

  it("registers ports and a route, suspends it for a windy day and lifts it", async () => {
    const port = async (name: string, lat: number) => {
      const response = await send("POST", base("drone-ports"), { name, lat, lon: 137.2 });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const a = await port("ポートA", 37.4);
    const b = await port("ポートB", 37.45);
    const route = DroneRouteSchema.parse(
      await (
        await send("POST", base("drone-routes"), {
          fromPortId: a,
          toPortId: b,
          maxPayloadKg: 5,
          rangeKm: 12,
          operatingFrom: "09:00",
          operatingTo: "16:00",
        })
      ).json(),
    );
    const suspended = await send("PUT", base(`drone-routes/${route.id}/suspensions/2026-06-05`), {
      reason: "強風",
    });
    expect(DroneRouteSchema.parse(await suspended.json()).suspensions).toEqual([
      { date: "2026-06-05", reason: "強風" },
    ]);
    const lifted = await app.request(base(`drone-routes/${route.id}/suspensions/2026-06-05`), {
      method: "DELETE",
    });
    expect(DroneRouteSchema.parse(await lifted.json()).suspensions).toEqual([]);
    expect(
      (await send("PUT", base(`drone-routes/${route.id}/suspensions/2026-06-05`, OTHER), { reason: "強風" }))
        .status,
    ).toBe(404);
    const same = await send("POST", base("drone-routes"), {
      fromPortId: a,
      toPortId: a,
      maxPayloadKg: -1,
      rangeKm: 12,
      operatingFrom: "09:00",
      operatingTo: "08:00",
    });
    expect((await problem(same)).errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(["body.maxPayloadKg"]),
    );
    const outside = await send("POST", base("drone-ports"), { name: "海外", lat: 51.5, lon: -0.1 });
    expect(outside.status).toBe(422);
  });

  it("answers 404 for every list of an unknown municipality", async () => {
    for (const path of [
      "vehicles",
      "drivers",
      "residents",
      "organisations",
      "places",
      "hubs",
      "drone-ports",
      "drone-routes",
    ]) {
      expect((await app.request(base(path, "999997"))).status, path).toBe(404);
    }
  });
});

describe("changing a drone port or route (PATCH): the fields given, the record they make checked whole", () => {
  const port = async (name: string, lat: number) =>
    DronePortSchema.parse(await (await send("POST", base("drone-ports"), { name, lat, lon: 137.2 })).json());
  const patch = (path: string, body: unknown, client = app.request, code = CODE) =>
    send("PATCH", base(path, code), body, client);
  const refusal = async (response: Response) => {
    expect(response.status).toBe(422);
    return ((await problem(response)).errors ?? []).map((e) => ({ path: e.path, code: e.code }));
  };
  /** The fields a refused PATCH names. */
  const refusedAt = async (path: string, body: unknown) =>
    (await refusal(await patch(path, body))).map((e) => e.path);
  const NOBODY = "00000000-0000-4000-8000-000000000000";

  it("changes a drone route's range only, then refuses changes that break a rule between two fields", async () => {
    const a = await port("変更ポートA", 37.4);
    const b = await port("変更ポートB", 37.45);
    const c = await port("変更ポートC", 37.5);
    const created = DroneRouteSchema.parse(
      await (
        await send("POST", base("drone-routes"), {
          fromPortId: a.id,
          toPortId: b.id,
          maxPayloadKg: 5,
          maxPayloadLitres: 40,
          rangeKm: 12,
          operatingFrom: "09:00",
          operatingTo: "16:00",
          days: [1, 3, 5],
        })
      ).json(),
    );
    const ranged = await patch(`drone-routes/${created.id}`, { rangeKm: 20 });
    expect(ranged.status).toBe(200);
    expect(DroneRouteSchema.parse(await ranged.json())).toEqual({ ...created, rangeKm: 20 });

    // Each alone is a valid field; with what is stored, each breaks a rule between two fields.
    expect(await refusal(await patch(`drone-routes/${created.id}`, { operatingTo: "08:30" }))).toEqual([
      { path: "body.operatingTo", code: "window_ends_before_start" },
    ]);
    expect(await refusal(await patch(`drone-routes/${created.id}`, { toPortId: a.id }))).toEqual([
      { path: "body.toPortId", code: "same_place" },
    ]);
    // A field's own rule is the contract's, as on create; a port of no one here is refused by name.
    expect(await refusedAt(`drone-routes/${created.id}`, { maxPayloadKg: -1 })).toEqual([
      "body.maxPayloadKg",
    ]);
    expect(await refusedAt(`drone-routes/${created.id}`, { toPortId: NOBODY })).toEqual(["body.toPortId"]);
    // Nothing refused was stored.
    const routes = (await (await app.request(base("drone-routes"))).json()) as { items: unknown[] };
    const stored = routes.items.map((r) => DroneRouteSchema.parse(r)).find((r) => r.id === created.id);
    expect(stored).toEqual({ ...created, rangeKm: 20 });

    // Two fields at once may make a valid route; null clears the volume limit.
    const moved = await patch(`drone-routes/${created.id}`, {
      toPortId: c.id,
      operatingFrom: "07:00",
      operatingTo: "08:30",
      maxPayloadLitres: null,
    });
    expect(moved.status).toBe(200);
    expect(DroneRouteSchema.parse(await moved.json())).toEqual({
      ...created,
      rangeKm: 20,
      toPortId: c.id,
      operatingFrom: "07:00",
      operatingTo: "08:30",
      maxPayloadLitres: null,
    });
    // Another municipality's staff cannot reach it.
    expect((await patch(`drone-routes/${created.id}`, { rangeKm: 5 }, other, OTHER)).status).toBe(404);
  });

  it("changes a drone port's name only, re-checks a moved pin and the place, and keeps it when refused", async () => {
    const created = await port("名前変更前ポート", 37.42);
    const renamed = await patch(`drone-ports/${created.id}`, { name: "名前変更後ポート" });
    expect(renamed.status).toBe(200);
    expect(DronePortSchema.parse(await renamed.json())).toEqual({ ...created, name: "名前変更後ポート" });
    // The pin moved alone is checked as on create: outside Japan is refused by its field.
    expect(await refusedAt(`drone-ports/${created.id}`, { lat: 51.5 })).toEqual(["body.lat"]);
    expect(await refusedAt(`drone-ports/${created.id}`, { placeId: NOBODY })).toEqual(["body.placeId"]);
    const ports = (await (await app.request(base("drone-ports"))).json()) as { items: unknown[] };
    expect(ports.items.map((p) => DronePortSchema.parse(p)).find((p) => p.id === created.id)).toEqual({
      ...created,
      name: "名前変更後ポート",
    });
    expect((await patch(`drone-ports/${created.id}`, { name: "他の町" }, other, OTHER)).status).toBe(404);
  });
});

describe("removing a registry object: deleted when unused, archived while an approved plan uses it", () => {
  /** An approved route of a done run that drives `vehicleId` with `driverId`. */
  async function approvedRouteOf(vehicleId: string, driverId: string | null) {
    const runId = `run-${vehicleId}`;
    await t.database.db
      .insert(schema.matchRuns)
      .values({ id: runId, municipalityCode: CODE, date: "2026-06-02", status: "done", timeLimitSeconds: 5 });
    await t.database.db.insert(schema.planRoutes).values({
      runId,
      municipalityCode: CODE,
      vehicleId,
      shift: 0,
      distanceM: 1000,
      driverId,
      approvedAt: "2026-06-01T00:00:00Z",
    });
  }

  it("deletes an unused vehicle (204, then 404), archives a used one with the reason, hides it, and restores it", async () => {
    const unused = VehicleSchema.parse(
      await (await send("POST", base("vehicles"), van({ name: "未使用車" }))).json(),
    );
    expect((await app.request(base(`vehicles/${unused.id}`), { method: "DELETE" })).status).toBe(204);
    expect((await app.request(base(`vehicles/${unused.id}`))).status).toBe(404);

    const used = VehicleSchema.parse(
      await (await send("POST", base("vehicles"), van({ name: "計画車" }))).json(),
    );
    await approvedRouteOf(used.id, null);
    const removed = await app.request(base(`vehicles/${used.id}`), { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({
      outcome: "archived",
      reason: "approved_plan",
      message: "承認済みの計画で使われているため、削除ではなく保管（アーカイブ）にしました",
    });
    const listed = async (query = "") =>
      ((await (await app.request(base(`vehicles${query}`))).json()) as { items: { id: string }[] }).items.map(
        (v) => v.id,
      );
    expect(await listed()).not.toContain(used.id);
    expect(await listed("?archived=true")).toContain(used.id);
    // Hidden from matching: the engine's problem is built from the default list.
    const { listVehicles } = await import("@tsunagu/db");
    expect((await listVehicles(t.database.db, CODE)).map((v) => v.id)).not.toContain(used.id);
    const kept = VehicleSchema.parse(await (await app.request(base(`vehicles/${used.id}`))).json());
    expect(kept.archived).toEqual({ at: "2026-06-01T01:00:00.000Z", reason: "approved_plan" });

    const restored = await app.request(base(`vehicles/${used.id}/restore`), { method: "POST" });
    expect(restored.status).toBe(200);
    expect(VehicleSchema.parse(await restored.json()).archived).toBeNull();
    expect(await listed()).toContain(used.id);
  });

  it("archives a driver of an approved route, deletes an unused hub, and keeps a resident's data (archived)", async () => {
    const vehicle = VehicleSchema.parse(
      await (await send("POST", base("vehicles"), van({ name: "運転車" }))).json(),
    );
    const driver = DriverSchema.parse(
      await (
        await send("POST", base("drivers"), {
          kind: "staff",
          name: "計画 太郎",
          vehicleIds: [vehicle.id],
          availability: { weekly: [], exceptions: [] },
        })
      ).json(),
    );
    await approvedRouteOf(vehicle.id, driver.id);
    const removed = await app.request(base(`drivers/${driver.id}`), { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect((await removed.json()).reason).toBe("approved_plan");

    const hub = HubSchema.parse(
      await (
        await send("POST", base("hubs"), {
          placeId: depot,
          opensAt: "08:00",
          closesAt: "18:00",
          minTransferMinutes: 10,
        })
      ).json(),
    );
    expect((await app.request(base(`hubs/${hub.id}`), { method: "DELETE" })).status).toBe(204);
    const hubs = (await (await app.request(base("hubs"))).json()) as { items: { id: string }[] };
    expect(hubs.items.map((h) => h.id)).not.toContain(hub.id);

    const resident = ResidentSchema.parse(
      await (
        await send("POST", base("residents"), {
          name: "保管 花子",
          home: { lat: 35.6, lon: 138.9 },
          consent: true,
        })
      ).json(),
    );
    const archived = await app.request(base(`residents/${resident.id}`), { method: "DELETE" });
    expect(archived.status).toBe(200);
    expect((await archived.json()).reason).toBe("personal_data");
    expect(
      ResidentSchema.parse(await (await app.request(base(`residents/${resident.id}`))).json()).name,
    ).toBe("保管 花子");
  });

  it("answers 404 for another municipality's object and 403 to a driver", async () => {
    const vehicle = VehicleSchema.parse(
      await (await send("POST", base("vehicles"), van({ name: "他町車" }))).json(),
    );
    expect((await other(base(`vehicles/${vehicle.id}`, OTHER), { method: "DELETE" })).status).toBe(404);
    expect((await other(base(`vehicles/${vehicle.id}/restore`, OTHER), { method: "POST" })).status).toBe(404);
    const raw = contractChecked(
      createApp({ config: t.config, database: t.database, logger: createLogger("silent") }),
    );
    const driver = as(raw, await signInAs({ app: raw, database: t.database }, "driver", CODE));
    expect((await driver(base(`vehicles/${vehicle.id}`), { method: "DELETE" })).status).toBe(403);
    const { findVehicle } = await import("@tsunagu/db");
    expect((await findVehicle(t.database.db, CODE, vehicle.id))?.archivedAt).toBeNull();
  });
});
