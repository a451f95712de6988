import { type CostSharingRequest, CostSharingStreamLineSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../lib/openapi";
import { makeMunicipality, makePlace } from "../../test/factories";
import { type Call, createTestApp, signedInCallers, type TestApp } from "../../test/testApp";

const CODE = "990027";
const OTHER = "990035";
let t: TestApp;
let call: Record<"staff" | "resident" | "otherStaff", Call>;

const allWeek = JSON.stringify([{ days: [1, 2, 3, 4, 5, 6, 7], from: "08:00", to: "18:00" }]);
const at = (dLat: number, dLon: number) => ({ lat: 37.4 + dLat, lon: 137.2 + dLon });

beforeAll(async () => {
  t = await createTestApp();
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  const db = t.database.db;
  await db.insert(schema.organisations).values([
    { id: "org-care", municipalityCode: CODE, kind: "facility", name: "デイサービスさくら" },
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
    status: "submitted" as const,
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
    // One ride a day for ten days of July: a long period for the budget check.
    ...Array.from({ length: 10 }, (_, i) =>
      request(`j${i}`, `2026-07-${String(i + 1).padStart(2, "0")}`, "ride", at(0.03, 0), at(0.005, 0)),
    ),
  ]);
  call = await signedInCallers(t, CODE, {
    staff: "municipal_staff",
    resident: "resident",
    otherStaff: ["municipal_staff", OTHER],
  });
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

const post = (b: unknown, who = call.staff, code = CODE) =>
  who(`/api/v1/municipalities/${code}/cost-sharing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(b),
  });

/** Reads the NDJSON answer: its progress lines and the result (the last line). */
async function streamed(response: Response) {
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  const lines = (await response.text())
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => CostSharingStreamLineSchema.parse(JSON.parse(line)));
  const last = lines.at(-1);
  if (last?.type !== "result") throw new Error(`no result line: ${JSON.stringify(last)}`);
  return { progress: lines.filter((l) => l.type === "progress"), result: last.result };
}

/** `n` parties: the town (residents), the care home, the shop, and parties bringing nothing. */
const partiesOf = (n: number) => [
  ...body.parties,
  ...Array.from({ length: n - 3 }, (_, i) => ({ id: `extra${i}`, name: `参加者${i}`, organisationIds: [] })),
];

describe("POST /cost-sharing", () => {
  it("splits the yearly cost by usage and by Shapley, nobody paying more than going alone", async () => {
    const { progress, result: r } = await streamed(await post(body));
    // Progress first: 7 coalitions × 2 days with requests.
    expect(progress[0]).toEqual({ type: "progress", done: 0, total: 14 });
    for (const line of progress) expect(line.done).toBeLessThanOrEqual(line.total);
    expect(r).toMatchObject({
      days: 2,
      coalitions: 7,
      unattributedRequests: 1,
      method: "exact",
      samples: null,
    });
    const byId = new Map(r.parties.map((p) => [p.id, p]));
    expect(byId.get("town")).toMatchObject({ requests: 3, vehicles: 0 });
    expect(byId.get("care")).toMatchObject({ requests: 0, vehicles: 1, usageShare: 0 });
    expect(byId.get("shop")).toMatchObject({ requests: 3, vehicles: 1 });
    expect(r.parties.reduce((s, p) => s + p.usageShare, 0)).toBe(3_600_000);
    expect(r.parties.reduce((s, p) => s + p.shapleyShare, 0)).toBe(3_600_000);
    // The game is subadditive here (one van can do both jobs): Shapley is individually rational.
    for (const p of r.parties) expect(p.shapleyShare, p.id).toBeLessThanOrEqual(p.standAlone);
    for (const p of r.parties) expect(p.shapleyStandardError).toBeNull();
    // The town alone pays taxis for every ride; sharing the vans saves it the most.
    expect(byId.get("town")?.savingVsAlone).toBeGreaterThan(0);
    expect(r.periodCost).toBeGreaterThan(0);
  });

  it("is deterministic", async () => {
    const a = (await streamed(await post(body))).result;
    const b = (await streamed(await post(body))).result;
    expect(b.parties).toEqual(a.parties);
  });

  it("samples above ten parties, stating each share's standard error", async () => {
    const { result: r } = await streamed(await post({ ...body, parties: partiesOf(11) }));
    expect(r.method).toBe("sampled");
    expect(r.samples).toBe(200);
    expect(r.parties.reduce((s, p) => s + p.shapleyShare, 0)).toBe(3_600_000);
    for (const p of r.parties) expect(p.shapleyStandardError).not.toBeNull();
    // A party that brings nothing and sends nothing changes no coalition's cost: it pays nothing.
    const idle = r.parties.find((p) => p.id === "extra0");
    expect(idle).toMatchObject({ shapleyShare: 0, shapleyStandardError: 0, standAlone: 0 });
  }, 60_000);

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
    const tooMany = await post({ ...body, parties: partiesOf(21) });
    expect(tooMany.status).toBe(422);
    // Ten parties over ten days with requests: 1,023 × 10 matchings, beyond the budget of one request.
    const tooLong = await post({ ...body, from: "2026-07-01", to: "2026-07-10", parties: partiesOf(10) });
    expect(tooLong.status).toBe(422);
    const [error] = ProblemSchema.parse(await tooLong.json()).errors ?? [];
    expect(error?.path).toBe("body.to");
    expect(error?.message).toContain("at most 7 days with requests");
  });

  it("runs one computation at a time per process: another meanwhile is told to retry (429)", async () => {
    const [first, second] = await Promise.all([post(body), post(body)]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 429]);
    const busy = first.status === 429 ? first : second;
    expect(busy.headers.get("retry-after")).toBe("60");
    expect(ProblemSchema.parse(await busy.json()).title).toBe("cost_sharing_busy");
    await streamed(first.status === 200 ? first : second);
    // Once it has finished, the next one runs.
    expect((await streamed(await post(body))).result.method).toBe("exact");
  });

  it("is for staff and coordinators of the municipality only", async () => {
    expect((await post(body, call.resident)).status).toBe(403);
    expect((await post(body, call.otherStaff)).status).toBe(404);
  });
});
