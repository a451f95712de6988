import { EffectsLegsResponseSchema, EffectsWaitingResponseSchema } from "@tsunagu/contract";
import { MLIT_WORKED_EXAMPLE, WAITING_EXAMPLE } from "@tsunagu/effects";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAITING_EXAMPLE_RESULT } from "../../../../tests/helpers/effectsExamples";
import { problem } from "../../test/calls";
import { createTestApp, type TestApp } from "../../test/testApp";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.cleanup());

const post = (app: TestApp["app"], path: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("POST /api/v1/effects/legs", () => {
  it("reproduces the MLIT worked example end to end: 566.9 → 394.3 t-CO₂, 172.6 t less, 30.4 %", async () => {
    const response = await post(t.app, "/api/v1/effects/legs", MLIT_WORKED_EXAMPLE);
    expect(response.status).toBe(200);
    const body = EffectsLegsResponseSchema.parse(await response.json());
    expect(body.before.tCO2).toBe(566.9);
    expect(body.after.tCO2).toBe(394.3);
    expect(body.reduction.tCO2).toBe(172.6);
    expect(body.reduction.tCO2Pct).toBe(30.4);
    expect(body.before.rows.map((r) => r.tCO2)).toEqual([84, 360.8, 20.4, 50.9, 50.9]);
    expect(body.after.rows.map((r) => r.tCO2)).toEqual([356.9, 18, 8.6, 10.7]);
  });

  it("traces every row to its application columns (optional row fields next to the fixed ones)", async () => {
    const response = await post(t.app, "/api/v1/effects/legs", MLIT_WORKED_EXAMPLE);
    const body = EffectsLegsResponseSchema.parse(await response.json());
    expect(body.before.rows[1]).toEqual({
      label: "②",
      tCO2: 360.8,
      tonKm: 3_360_000,
      driverHours: 0,
      from: "有明DC",
      to: "埼玉工場",
      mode: "truck",
      method: "improved-ton-km",
      fuel: "diesel",
      distanceKm: 80,
      tonsPerYear: 42000,
      loadingRatePct: 80,
      unitLPerTkm: 0.041,
      litres: 3_360_000 * 0.041,
      heatGJPerKl: 38.2,
      carbonTCPerGJ: 0.0187,
      carbonToCO2: 3.6667,
      factorBasis: "table",
    });
    expect(body.after.rows[3]).toMatchObject({
      unitLPerTkm: 0.041,
      loadingRatePct: 100,
      factorBasis: "explicit",
    });
  });

  it("reports driver hours and the rail default of 22 g-CO₂/t·km (modal shift)", async () => {
    const response = await post(t.app, "/api/v1/effects/legs", {
      before: [
        {
          label: "トラック直行",
          from: "工場",
          to: "市場",
          mode: "truck",
          method: "conventional-ton-km",
          payloadKg: 10000,
          distanceKm: 500,
          tonsPerYear: 2000,
          hoursPerRun: 8,
          runsPerYear: 200,
        },
      ],
      after: [
        { label: "鉄道", mode: "rail", method: "conventional-ton-km", distanceKm: 480, tonsPerYear: 2000 },
        {
          label: "駅→市場",
          mode: "truck",
          method: "conventional-ton-km",
          payloadKg: 10000,
          distanceKm: 20,
          tonsPerYear: 2000,
          hoursPerRun: 1,
          runsPerYear: 200,
        },
      ],
    });
    expect(response.status).toBe(200);
    const body = EffectsLegsResponseSchema.parse(await response.json());
    // 1,000,000 t·km × 173 g = 173.0 t; 960,000 × 22 g = 21.12 t + 40,000 × 173 g = 6.92 t → 28.0 t
    expect(body.before.tCO2).toBe(173);
    expect(body.after.tCO2).toBe(28);
    expect(body.reduction).toEqual({
      tCO2: 145,
      tCO2Pct: 83.8,
      driverHours: 1400,
      driverHoursPct: 87.5,
      truckTonKm: 960000,
      truckTonKmPct: 96,
    });
  });

  it("answers 422 naming the leg and the field its method needs", async () => {
    const response = await post(t.app, "/api/v1/effects/legs", {
      before: [
        MLIT_WORKED_EXAMPLE.before[0],
        {
          label: "④ 館林DC → 埼玉工場",
          mode: "truck",
          method: "improved-ton-km",
          fuel: "diesel",
          distanceKm: 10,
          payloadKg: 10000,
        },
      ],
      after: [{ label: "drone", mode: "drone", method: "electricity", distanceKm: 3, runsPerYear: 300 }],
    });
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.title).toBe("invalid_leg");
    expect(body.detail).toContain("④ 館林DC → 埼玉工場");
    expect(body.detail).toContain("tonsPerYear");
    expect(body.errors?.map((e) => e.path)).toEqual(["body.before.1.tonsPerYear", "body.after.0.kWhPerKm"]);
    expect(body.errors?.[1]?.message).toContain('leg "drone"');
  });

  it("answers 422 for an out-of-range input and for an unknown field or mode", async () => {
    const badRate = await post(t.app, "/api/v1/effects/legs", {
      before: [{ ...MLIT_WORKED_EXAMPLE.before[1], loadingRatePct: 140 }],
      after: [],
    });
    expect(badRate.status).toBe(422);
    expect((await problem(badRate)).errors?.[0]?.path).toBe("body.before.0.loadingRatePct");

    const typo = await post(t.app, "/api/v1/effects/legs", {
      before: [{ ...MLIT_WORKED_EXAMPLE.before[1], distanceKM: 3, mode: "hovercraft" }],
      after: [],
    });
    expect(typo.status).toBe(422);
    const body = await problem(typo);
    expect(body.title).toBe("validation_failed");
    const paths = body.errors?.map((e) => e.path) ?? [];
    expect(paths).toContain("body.before.0.mode");
    expect(paths.some((p) => p.startsWith("body.before.0"))).toBe(true);
  });

  it("answers 400 problem+json for JSON that does not parse", async () => {
    const response = await post(t.app, "/api/v1/effects/legs", '{"before": [ {"label": ');
    expect(response.status).toBe(400);
    expect((await problem(response)).title).toBe("malformed_request");
  });

  it("is in the OpenAPI document with its error responses", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    };
    for (const path of ["/api/v1/effects/legs", "/api/v1/effects/waiting"]) {
      expect(Object.keys(doc.paths[path]?.post?.responses ?? {})).toEqual(
        expect.arrayContaining(["200", "400", "422", "429"]),
      );
    }
  });
});

describe("POST /api/v1/effects/waiting", () => {
  it("computes the form's lines (hand-worked in packages/effects/test/waiting.test.ts)", async () => {
    const response = await post(t.app, "/api/v1/effects/waiting", WAITING_EXAMPLE);
    expect(response.status).toBe(200);
    expect(EffectsWaitingResponseSchema.parse(await response.json())).toEqual(WAITING_EXAMPLE_RESULT);
  });

  it("answers 422 with the field path for an impossible share", async () => {
    const response = await post(t.app, "/api/v1/effects/waiting", {
      ...WAITING_EXAMPLE,
      after: { ...WAITING_EXAMPLE.after, waitingSharePct: 130 },
    });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.map((e) => e.path)).toEqual(["body.after.waitingSharePct"]);
  });
});

describe("rate limit (public, no sign-in)", () => {
  it("answers 429 with Retry-After past the burst, for both endpoints", async () => {
    const own = await createTestApp();
    try {
      // Burst of 30; the bucket refills at 0.5/s, so on a slow machine a request or two more
      // may pass before the limit bites. The exact arithmetic is in lib/rateLimit.test.ts.
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 40 && !limited; i++) {
        const response = await post(
          own.app,
          i % 2 ? "/api/v1/effects/legs" : "/api/v1/effects/waiting",
          i % 2 ? MLIT_WORKED_EXAMPLE : WAITING_EXAMPLE,
        );
        if (response.status === 429) limited = response;
        else statuses.push(response.status);
      }
      expect(statuses.length).toBeGreaterThanOrEqual(30);
      expect(statuses.every((s) => s === 200)).toBe(true);
      if (!limited) throw new Error("no 429 within 40 requests");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await problem(limited)).title).toBe("rate_limited");
      // Other routes are not limited by the calculator's bucket.
      expect((await own.app.request("/api/health")).status).toBe(200);
    } finally {
      own.cleanup();
    }
  });
});
