import { type CostSharingRequest, CostSharingResponseSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../lib/openapi";
import { makeMunicipality, makePlace } from "../../test/factories";
import { as, createTestApp, signInAs, type TestApp } from "../../test/testApp";

const CODE = "990011";
const OTHER = "990012";
let t: TestApp;
let staff: ReturnType<typeof as>;
let resident: ReturnType<typeof as>;
let otherStaff: ReturnType<typeof as>;

const allWeek = JSON.stringify([{ days: [1, 2, 3, 4, 5, 6, 7], from: "08:00", to: "18:00" }]);
const at = (dLat: number, dLon: number) => ({ lat: 37.4 + dLat, lon: 137.2 + dLon });

beforeAll(async () => {
  t = await createTestApp();
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  const db = t.database.db;
  await db.insert(schema.organisations).values([
    { id: "org-care", municipalityCode: CODE, kind: "care_facility", name: "デイサービスさくら" },
    { id: "org-shop", municipalityCode: CODE, kind: "shop", name: "やまびこ商店" },
    { id: "org-out", municipalityCode: CODE, kind: "shop", name: "参加しない店" },
  ]);
  const care = await makePlace(t.database, CODE, {
    kind: "day_care",
    organisationId: "org-care",
    ...at(0, 0),
  });
  const shop = await makePlace(t.database, CODE, {
    kind: "shop",
    organisationId: "org-shop",
    ...at(0.01, 0),
  });
  const outsider = await makePlace(t.database, CODE, {
    kind: "shop",
    organisationId: "org-out",
    ...at(0.01, 0.01),
  });
  await db.insert(schema.vehicles).values([
    {
      id: "van-care",
      municipalityCode: CODE,
      organisationId: "org-care",
      kind: "van",
      name: "さくら号",
      seats: 6,
      cargoKg: 100,
      cargoLitres: 300,
      fuel: "diesel",
      kmPerLitre: 10,
      depotPlaceId: care,
      availability: allWeek,
    },
    {
      id: "van-shop",
      municipalityCode: CODE,
      organisationId: "org-shop",
      kind: "van",
      name: "配達車",
      seats: 1,
      cargoKg: 300,
      cargoLitres: 1000,
      fuel: "petrol",
      kmPerLitre: 14,
      depotPlaceId: shop,
      availability: allWeek,
    },
  ]);
  // Residents' rides up the same valley the shop delivers to, on two days.
  const request = (
    id: string,
    date: string,
    kind: "ride" | "parcel",
    from: { lat: number; lon: number },
    to: typeof from,
    extra = {},
  ) => ({
    id,
    municipalityCode: CODE,
    kind,
    date,
    status: "submitted",
    pickupLat: from.lat,
    pickupLon: from.lon,
    dropoffLat: to.lat,
    dropoffLon: to.lon,
    earliest: "09:00",
    latest: "12:00",
    passengers: kind === "ride" ? 1 : 0,
    weightKg: kind === "parcel" ? 3 : 0,
    sizeLitres: kind === "parcel" ? 10 : 0,
    ...extra,
  });
  await db.insert(schema.requests).values([
    request("r1", "2026-05-11", "ride", at(0.03, 0), at(0.005, 0)),
    request("r2", "2026-05-11", "ride", at(0.035, 0.002), at(0.005, 0)),
    request("p1", "2026-05-11", "parcel", at(0.01, 0), at(0.03, 0.001), { pickupPlaceId: shop }),
    request("p2", "2026-05-11", "parcel", at(0.01, 0), at(0.036, 0.002), { pickupPlaceId: shop }),
    request("r3", "2026-05-12", "ride", at(0.032, 0), at(0.004, 0)),
    request("p3", "2026-05-12", "parcel", at(0.01, 0), at(0.031, 0), { pickupPlaceId: shop }),
    // Not in the game: a cancelled ride, and a parcel of a shop no party lists.
    request("rx", "2026-05-12", "ride", at(0.03, 0), at(0, 0), { status: "cancelled" }),
    request("px", "2026-05-12", "parcel", at(0.01, 0.01), at(0.03, 0), { pickupPlaceId: outsider }),
  ]);
  staff = as(t.app, await signInAs(t, "municipal_staff", CODE));
  resident = as(t.app, await signInAs(t, "resident", CODE));
  otherStaff = as(t.app, await signInAs(t, "municipal_staff", OTHER));
});
afterAll(() => t.cleanup());

const body: CostSharingRequest = {
  from: "2026-05-11",
  to: "2026-05-12",
  yearlyCost: 3_600_000,
  parties: [
    { id: "town", name: "町", organisationIds: [], residents: true },
    { id: "care", name: "デイサービスさくら", organisationIds: ["org-care"] },
    { id: "shop", name: "やまびこ商店", organisationIds: ["org-shop"] },
  ],
};

const post = (b: unknown, who = staff, code = CODE) =>
  who(`/api/v1/municipalities/${code}/cost-sharing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(b),
  });

describe("POST /cost-sharing", () => {
  it("splits the yearly cost by usage and by Shapley, nobody paying more than going alone", async () => {
    const response = await post(body);
    expect(response.status, await response.clone().text()).toBe(200);
    const r = CostSharingResponseSchema.parse(await response.json());
    expect(r).toMatchObject({ days: 2, coalitions: 7, unattributedRequests: 1 });
    const byId = new Map(r.parties.map((p) => [p.id, p]));
    expect(byId.get("town")).toMatchObject({ requests: 3, vehicles: 0 });
    expect(byId.get("care")).toMatchObject({ requests: 0, vehicles: 1, usageShare: 0 });
    expect(byId.get("shop")).toMatchObject({ requests: 3, vehicles: 1 });
    expect(r.parties.reduce((s, p) => s + p.usageShare, 0)).toBe(3_600_000);
    expect(r.parties.reduce((s, p) => s + p.shapleyShare, 0)).toBe(3_600_000);
    // The game is subadditive here (one van can do both jobs): Shapley is individually rational.
    for (const p of r.parties) expect(p.shapleyShare, p.id).toBeLessThanOrEqual(p.standAlone);
    // The town alone pays taxis for every ride; sharing the vans saves it the most.
    expect(byId.get("town")?.savingVsAlone).toBeGreaterThan(0);
    expect(r.periodCost).toBeGreaterThan(0);
  });

  it("is deterministic", async () => {
    const a = CostSharingResponseSchema.parse(await (await post(body)).json());
    const b = CostSharingResponseSchema.parse(await (await post(body)).json());
    expect(b.parties).toEqual(a.parties);
  });

  it("names the failing fields", async () => {
    const bad = await post({
      ...body,
      to: "2026-06-30",
      parties: [
        { id: "town", name: "町", organisationIds: ["org-nope"] },
        { id: "care", name: "さくら", organisationIds: ["org-care"] },
        { id: "care", name: "重複", organisationIds: ["org-care"] },
      ],
    });
    expect(bad.status).toBe(422);
    const paths = (ProblemSchema.parse(await bad.json()).errors ?? []).map((e) => e.path);
    expect(paths).toEqual([
      "body.to",
      "body.parties.0.organisationIds.0",
      "body.parties.2.id",
      "body.parties.2.organisationIds.0",
      "body.parties",
    ]);
    const tooMany = await post({
      ...body,
      parties: Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, name: `p${i}`, organisationIds: [] })),
    });
    expect(tooMany.status).toBe(422);
  });

  it("is for staff and coordinators of the municipality only", async () => {
    expect((await post(body, resident)).status).toBe(403);
    expect((await post(body, otherStaff)).status).toBe(404);
  });
});
