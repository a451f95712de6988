import {
  PARCEL_SIZE_CLASSES,
  RequestPageSchema,
  TransportRequestDetailSchema,
  TransportRequestSchema,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problem } from "../../test/calls";
import { makeMunicipality, makePlace, makeResident, rideBody } from "../../test/factories";
import { as, createTestApp, signInAs, type TestApp } from "../../test/testApp";

// 2026-06-01 10:00 in Japan (01:00 UTC): "today" for every test here.
const NOW = new Date("2026-06-01T01:00:00Z");
const CODE = "991007";
const OTHER = "991015";

let t: TestApp;
let app: { request: ReturnType<typeof as> };
/** A coordinator of the other municipality. */
let otherApp: { request: ReturnType<typeof as> };
let clinic: string;
let shop: string;
let resident: string;
let otherResident: string;

beforeAll(async () => {
  t = await createTestApp({}, { now: () => NOW });
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  // A coordinator of CODE: takes requests (also on a resident's behalf) and moves them along.
  app = { request: as(t.app, await signInAs(t, "coordinator", CODE)) };
  otherApp = { request: as(t.app, await signInAs(t, "coordinator", OTHER)) };
  clinic = await makePlace(t.database, CODE, { kind: "clinic", name: "診療所" });
  shop = await makePlace(t.database, CODE, {
    kind: "supermarket",
    name: "スーパー",
    lat: 37.45,
    lon: 137.27,
  });
  resident = await makeResident(t.database, CODE);
  otherResident = await makeResident(t.database, OTHER);
});
afterAll(() => t.cleanup());

const url = (code = CODE) => `/api/v1/municipalities/${code}/requests`;

/**
 * The resident's clinic ride. Most tests here book this same trip again and again, so it says
 * the caller confirms a second booking; "the same trip booked twice" tests the refusal itself.
 */
function ride(overrides: Record<string, unknown> = {}) {
  return rideBody(clinic, { residentId: resident, source: "resident", confirmDuplicate: true, ...overrides });
}

/** A parcel's kind, day (2026-06-03, 10:00–16:00) and pickup at the shop. */
function parcelFromShop() {
  return {
    kind: "parcel",
    date: "2026-06-03",
    earliest: "10:00",
    latest: "16:00",
    pickup: { placeId: shop },
  };
}

function post(body: unknown, headers: Record<string, string> = {}, code = CODE) {
  return (code === OTHER ? otherApp : app).request(url(code), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function requestCount(code = CODE) {
  const rows = await t.database.db.select().from(schema.requests);
  return rows.filter((r) => r.municipalityCode === code).length;
}

async function transition(id: string, to: string, reason?: string, code = CODE) {
  return (code === OTHER ? otherApp : app).request(`${url(code)}/${id}/transitions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(reason ? { to, reason } : { to }),
  });
}

describe("POST /requests", () => {
  it("creates a ride from the resident's home to a place, status submitted", async () => {
    const response = await post(ride());
    expect(response.status).toBe(201);
    const body = TransportRequestSchema.parse(await response.json());
    expect(body.status).toBe("submitted");
    expect(body.pickup).toEqual({ lat: 37.41, lon: 137.22, placeId: null, home: true });
    expect(body.dropoff.placeId).toBe(clinic);
    expect(body.passengers).toBe(1);
    expect(response.headers.get("location")).toBe(`${url()}/${body.id}`);
  });

  it("creates a parcel between two places", async () => {
    const response = await post({
      ...parcelFromShop(),
      dropoff: { lat: 37.4, lon: 137.2 },
      weightKg: 4.5,
      sizeLitres: 30,
      cold: true,
    });
    expect(response.status).toBe(201);
    const body = TransportRequestSchema.parse(await response.json());
    expect(body).toMatchObject({ kind: "parcel", weightKg: 4.5, sizeLitres: 30, cold: true, passengers: 0 });
  });

  it.each([
    ["a window that ends before it starts", { earliest: "11:00", latest: "10:00" }, "body.latest"],
    ["a date in the past (Asia/Tokyo)", { date: "2026-05-31" }, "body.date"],
    [
      "a time already passed today",
      { date: "2026-06-01", latest: "09:30", earliest: "09:00" },
      "body.latest",
    ],
    ["a date absurdly far ahead", { date: "2030-01-01" }, "body.date"],
    ["a point outside Japan", { pickup: { lat: 48.85, lon: 2.35 } }, "body.pickup.lat"],
    ["an unknown purpose", { purpose: "party" }, "body.purpose"],
    ["an unknown kind", { kind: "boat" }, "body.kind"],
    ["a negative passenger count", { passengers: -1 }, "body.passengers"],
    ["an absurd passenger count", { passengers: 500 }, "body.passengers"],
    ["a non-existent date", { date: "2026-02-30" }, "body.date"],
    ["a place of no one", { dropoff: { placeId: "nowhere" } }, "body.dropoff.placeId"],
    ["home without a resident", { residentId: null }, "body.pickup.home"],
    ["a resident of another municipality", { residentId: "res-unknown" }, "body.residentId"],
    [
      "the same pick-up and drop-off",
      { pickup: { placeId: "x" }, dropoff: { placeId: "x" } },
      "body.dropoff",
    ],
    ["a badly formed time", { earliest: "25:00" }, "body.earliest"],
  ])("refuses %s with 422 naming the field, storing nothing", async (_name, overrides, path) => {
    const before = await requestCount();
    const response = await post(ride(overrides));
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors?.map((e) => e.path)).toContain(path);
    expect(await requestCount()).toBe(before);
  });

  it.each([
    [
      "a window that ends before it starts",
      { earliest: "11:00", latest: "10:00" },
      "window_ends_before_start",
    ],
    ["the same pick-up and drop-off", { pickup: { placeId: "x" }, dropoff: { placeId: "x" } }, "same_place"],
    ["a date in the past", { date: "2026-05-31" }, "date_in_past"],
  ])("names the rule %s breaks with a code the web can translate", async (_name, overrides, code) => {
    const body = await problem(await post(ride(overrides)));
    expect(body.errors?.map((e) => e.code)).toContain(code);
  });

  it("refuses a parcel with negative weight", async () => {
    const response = await post({
      ...parcelFromShop(),
      dropoff: { placeId: clinic },
      weightKg: -2,
      sizeLitres: 10,
    });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.map((e) => e.path)).toContain("body.weightKg");
  });

  /** A parcel the resident form sends: what, size class, receiver and hand-over. */
  function parcel(overrides: Record<string, unknown> = {}) {
    return ride({
      ...parcelFromShop(),
      purpose: undefined,
      dropoff: { home: true },
      description: "野菜の箱",
      sizeClass: "medium",
      receiverName: "山田 花子",
      receiverPhone: "0765-22-1234",
      handover: "leave_at_door",
      ...overrides,
    });
  }

  it("books a parcel by its size class: the class's limits are its load, and the details come back", async () => {
    const response = await post(parcel());
    expect(response.status).toBe(201);
    const body = TransportRequestSchema.parse(await response.json());
    expect(body).toMatchObject({
      kind: "parcel",
      weightKg: PARCEL_SIZE_CLASSES.medium.maxKg,
      sizeLitres: PARCEL_SIZE_CLASSES.medium.maxLitres,
      passengers: 0,
      parcel: {
        description: "野菜の箱",
        sizeClass: "medium",
        receiverName: "山田 花子",
        receiverPhone: "0765-22-1234",
        handover: "leave_at_door",
      },
    });
    const read = TransportRequestDetailSchema.parse(await (await app.request(`${url()}/${body.id}`)).json());
    expect(read.parcel).toEqual(body.parcel);
  });

  it("keeps a weight given with the class, and files a parcel booked by weight under its class", async () => {
    const light = TransportRequestSchema.parse(
      await (await post(parcel({ sizeClass: "large", weightKg: 12 }))).json(),
    );
    expect(light).toMatchObject({ weightKg: 12, sizeLitres: PARCEL_SIZE_CLASSES.large.maxLitres });
    const byWeight = TransportRequestSchema.parse(
      await (
        await post(
          parcel({
            sizeClass: undefined,
            receiverName: undefined,
            handover: undefined,
            weightKg: 1.5,
            sizeLitres: 8,
          }),
        )
      ).json(),
    );
    expect(byWeight.parcel).toMatchObject({
      sizeClass: "small",
      receiverName: null,
      handover: "hand_to_person",
    });
  });

  it("gives a ride no parcel details", async () => {
    const body = TransportRequestSchema.parse(await (await post(ride())).json());
    expect(body.parcel).toBeNull();
  });

  it.each([
    ["no size class and no weight", { sizeClass: undefined }, "body.weightKg", "parcel_size_needed"],
    [
      "a weight over the class's limit",
      { sizeClass: "small", weightKg: 3 },
      "body.weightKg",
      "over_size_class",
    ],
    ["an unknown size class", { sizeClass: "huge" }, "body.sizeClass", undefined],
    [
      "a receiver's phone that is not a number",
      { receiverPhone: "山田さん" },
      "body.receiverPhone",
      undefined,
    ],
    ["a blank description", { description: "   " }, "body.description", undefined],
    ["an unknown hand-over", { handover: "throw" }, "body.handover", undefined],
  ])(
    "refuses a parcel with %s, naming the field and storing nothing",
    async (_name, overrides, path, code) => {
      const before = await requestCount();
      const response = await post(parcel(overrides));
      expect(response.status).toBe(422);
      const errors = (await problem(response)).errors ?? [];
      expect(errors.map((e) => e.path)).toContain(path);
      if (code) expect(errors.find((e) => e.path === path)?.code).toBe(code);
      expect(await requestCount()).toBe(before);
    },
  );

  it("does not let a resident id from another municipality through", async () => {
    const response = await post(ride({ residentId: otherResident }));
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("body.residentId");
  });

  it("answers 404 for an unknown municipality", async () => {
    const response = await post(ride(), {}, "999997");
    expect(response.status).toBe(404);
  });

  it("refuses a wrong content type with 415", async () => {
    const response = await app.request(url(), {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "ride please",
    });
    expect(response.status).toBe(415);
  });

  it("refuses a body over the size limit with 413", async () => {
    const small = await createTestApp({ MAX_JSON_BYTES: "200" });
    await makeMunicipality(small.database, CODE);
    const response = await as(small.app, await signInAs(small, "coordinator", CODE))(url(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ride({ notes: "あ".repeat(300) })),
    });
    expect(response.status).toBe(413);
    expect((await problem(response)).title).toBe("payload_too_large");
    expect(await small.database.db.select().from(schema.requests)).toHaveLength(0);
    small.cleanup();
  });
});

describe("Idempotency-Key", () => {
  it("returns the first result for a retry and creates exactly one request", async () => {
    const before = await requestCount();
    const first = await post(ride(), { "idempotency-key": "retry-1" });
    const second = await post(ride(), { "idempotency-key": "retry-1" });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await second.json()).toEqual(await first.json());
    expect(await requestCount()).toBe(before + 1);
  });

  it("creates exactly one request for two concurrent retries", async () => {
    const before = await requestCount();
    const responses = await Promise.all([
      post(ride(), { "idempotency-key": "concurrent-1" }),
      post(ride(), { "idempotency-key": "concurrent-1" }),
      post(ride(), { "idempotency-key": "concurrent-1" }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    const ids = new Set(
      await Promise.all(responses.map(async (r) => TransportRequestSchema.parse(await r.json()).id)),
    );
    expect(ids.size).toBe(1);
    expect(await requestCount()).toBe(before + 1);
  });

  it("refuses the same key with a different body (422) and stores nothing", async () => {
    await post(ride(), { "idempotency-key": "reuse-1" });
    const before = await requestCount();
    const response = await post(ride({ latest: "11:00" }), { "idempotency-key": "reuse-1" });
    expect(response.status).toBe(422);
    expect((await problem(response)).title).toBe("idempotency_key_reused");
    expect(await requestCount()).toBe(before);
  });

  it("scopes keys by municipality", async () => {
    const otherShop = await makePlace(t.database, OTHER, { name: "他町の店" });
    const otherClinic = await makePlace(t.database, OTHER, { name: "他町の診療所", lat: 37.5 });
    const a = await post(ride(), { "idempotency-key": "shared-key" });
    const b = await post(
      ride({ residentId: null, pickup: { placeId: otherShop }, dropoff: { placeId: otherClinic } }),
      { "idempotency-key": "shared-key" },
      OTHER,
    );
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
  });

  it("validates the key itself", async () => {
    const response = await post(ride(), { "idempotency-key": "x".repeat(300) });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("header.idempotency-key");
  });
});

describe("the same trip booked twice", () => {
  // A day no other test books, so the first booking of each test is the only one.
  const trip = (overrides: Record<string, unknown> = {}) =>
    ride({ date: "2026-07-01", confirmDuplicate: undefined, ...overrides });

  it("refuses a second active booking (409, naming the first) and stores nothing", async () => {
    const first = TransportRequestSchema.parse(await (await post(trip())).json());
    const before = await requestCount();
    const again = await post(trip({ earliest: "10:00", latest: "11:30" }));
    expect(again.status).toBe(409);
    const raw = (await again.clone().json()) as { existingRequestId?: string };
    const body = await problem(again);
    expect(body.title).toBe("duplicate_request");
    expect(raw.existingRequestId).toBe(first.id);
    expect(body.errors?.[0]?.path).toBe("body.confirmDuplicate");
    expect(await requestCount()).toBe(before);
  });

  it("books it once more when the caller confirms", async () => {
    const confirmed = await post(trip({ confirmDuplicate: true }));
    expect(confirmed.status).toBe(201);
    const page = RequestPageSchema.parse(
      await (await app.request(`${url()}?date=2026-07-01&limit=50`)).json(),
    );
    expect(page.items.filter((r) => r.residentId === resident)).toHaveLength(2);
  });

  it("answers a retry of the same Idempotency-Key with the stored answer, not as a duplicate", async () => {
    const key = { "idempotency-key": "duplicate-retry" };
    const body = trip({ date: "2026-07-02" });
    const first = await post(body, key);
    const retry = await post(body, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    expect((await post(body, { "idempotency-key": "duplicate-new-key" })).status).toBe(409);
  });

  it.each([
    ["another window that does not overlap", { earliest: "13:00", latest: "14:00" }],
    ["another drop-off", { dropoff: { placeId: "SHOP" } }],
    ["the way back", { pickup: { placeId: "CLINIC" }, dropoff: { home: true } }],
    ["another day", { date: "2026-07-04" }],
  ])("is not a duplicate with %s", async (_name, overrides) => {
    await post(trip({ date: "2026-07-03" }));
    const ends = JSON.parse(JSON.stringify(overrides).replace("SHOP", shop).replace("CLINIC", clinic));
    expect((await post(trip({ date: "2026-07-03", ...ends }))).status).toBe(201);
  });

  it("is not a duplicate once the first was cancelled", async () => {
    const first = TransportRequestSchema.parse(await (await post(trip({ date: "2026-07-05" }))).json());
    expect((await post(trip({ date: "2026-07-05" }))).status).toBe(409);
    expect((await transition(first.id, "cancelled", "ご本人から電話で取り消し")).status).toBe(200);
    expect((await post(trip({ date: "2026-07-05" }))).status).toBe(201);
  });
});

describe("request lifecycle", () => {
  async function newRequest() {
    const response = await post(ride());
    return TransportRequestSchema.parse(await response.json()).id;
  }

  it("walks submitted → planned → confirmed → in_progress → done with a history", async () => {
    const id = await newRequest();
    for (const to of ["planned", "confirmed", "in_progress", "done"]) {
      const response = await transition(id, to);
      expect(response.status).toBe(200);
      expect(TransportRequestDetailSchema.parse(await response.json()).status).toBe(to);
    }
    const detail = TransportRequestDetailSchema.parse(await (await app.request(`${url()}/${id}`)).json());
    expect(detail.history.map((h) => h.to)).toEqual([
      "submitted",
      "planned",
      "confirmed",
      "in_progress",
      "done",
    ]);
    expect(detail.allowedTransitions).toEqual([]);
  });

  it("answers an illegal transition with 409 and leaves the status alone", async () => {
    const id = await newRequest();
    const response = await transition(id, "done");
    expect(response.status).toBe(409);
    expect((await problem(response)).title).toBe("illegal_transition");
    const detail = TransportRequestDetailSchema.parse(await (await app.request(`${url()}/${id}`)).json());
    expect(detail.status).toBe("submitted");
    expect(detail.history).toHaveLength(1);
  });

  it("does not leave a final state", async () => {
    const id = await newRequest();
    expect((await transition(id, "cancelled", "本人から電話で取消")).status).toBe(200);
    expect((await transition(id, "planned")).status).toBe(409);
  });

  it("needs a reason for cancelled / no_show / unserved", async () => {
    const id = await newRequest();
    const response = await transition(id, "unserved");
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("body.reason");
    const ok = await transition(id, "unserved", "空き車両なし");
    const detail = TransportRequestDetailSchema.parse(await ok.json());
    expect(detail).toMatchObject({ status: "unserved", statusReason: "空き車両なし" });
  });

  it("refuses an unknown status value with 422", async () => {
    const id = await newRequest();
    const response = await transition(id, "teleported");
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("body.to");
  });

  it("lets exactly one of two concurrent moves from the same state win", async () => {
    const id = await newRequest();
    // Both coordinators see "submitted" and press 計画済み; the second must not record a second move.
    const [a, b] = await Promise.all([transition(id, "planned"), transition(id, "planned")]);
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    const detail = TransportRequestDetailSchema.parse(await (await app.request(`${url()}/${id}`)).json());
    expect(detail.history.map((h) => h.to)).toEqual(["submitted", "planned"]);
  });

  it("hides another municipality's request (404) for read and transition", async () => {
    const id = await newRequest();
    expect((await app.request(`${url(OTHER)}/${id}`)).status).toBe(404);
    expect((await transition(id, "planned", undefined, OTHER)).status).toBe(404);
    const detail = TransportRequestDetailSchema.parse(await (await app.request(`${url()}/${id}`)).json());
    expect(detail.status).toBe("submitted");
  });
});

describe("GET /requests", () => {
  it("filters by status, kind, date and area, and pages", async () => {
    const fresh = await createTestApp({}, { now: () => NOW });
    await makeMunicipality(fresh.database, CODE);
    const a = { request: as(fresh.app, await signInAs(fresh, "coordinator", CODE)) };
    const p1 = await makePlace(fresh.database, CODE, { lat: 37.0, lon: 137.0 });
    const p2 = await makePlace(fresh.database, CODE, { lat: 37.1, lon: 137.1 });
    const far = await makePlace(fresh.database, CODE, { lat: 38.0, lon: 139.0 });
    const create = async (body: Record<string, unknown>) => {
      const response = await a.request(url(), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          kind: "ride",
          date: "2026-06-02",
          earliest: "09:00",
          latest: "10:00",
          purpose: "shopping",
          pickup: { placeId: p1 },
          dropoff: { placeId: p2 },
          ...body,
        }),
      });
      expect(response.status).toBe(201);
      return TransportRequestSchema.parse(await response.json()).id;
    };
    await create({});
    await create({ date: "2026-06-03" });
    await create({ pickup: { placeId: far }, dropoff: { lat: 38.01, lon: 139.01 } });
    await create({
      kind: "parcel",
      purpose: "shopping",
      weightKg: 2,
      sizeLitres: 5,
      date: "2026-06-02",
    });
    const cancelled = await create({});
    await a.request(`${url()}/${cancelled}/transitions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: "cancelled", reason: "不要" }),
    });

    const list = async (query: string) => {
      const response = await a.request(`${url()}?${query}`);
      expect(response.status).toBe(200);
      return RequestPageSchema.parse(await response.json());
    };
    expect((await list("")).total).toBe(5);
    expect((await list("status=cancelled")).items.map((r) => r.id)).toEqual([cancelled]);
    expect((await list("kind=parcel")).total).toBe(1);
    expect((await list("date=2026-06-03")).total).toBe(1);
    expect((await list("dateFrom=2026-06-03&dateTo=2026-06-30")).total).toBe(1);
    expect((await list("area=138.5,37.5,139.5,38.5")).total).toBe(1);
    const page1 = await list("limit=2&offset=0");
    const page2 = await list("limit=2&offset=2");
    const page3 = await list("limit=2&offset=4");
    expect(page1.items).toHaveLength(2);
    expect(page3.items).toHaveLength(1);
    const all = [...page1.items, ...page2.items, ...page3.items].map((r) => r.id);
    expect(new Set(all).size).toBe(5);

    for (const bad of ["status=lost", "date=yesterday", "limit=0", "area=1,2,3", "kind=boat"]) {
      const response = await a.request(`${url()}?${bad}`);
      expect(response.status, bad).toBe(422);
      expect((await problem(response)).errors?.[0]?.path).toMatch(/^query\./);
    }
    // Another municipality sees none of them.
    await makeMunicipality(fresh.database, OTHER);
    const otherCoordinator = as(fresh.app, await signInAs(fresh, "coordinator", OTHER));
    const other = RequestPageSchema.parse(await (await otherCoordinator(url(OTHER))).json());
    expect(other.total).toBe(0);
    fresh.cleanup();
  });
});
