import { describe, expect, it } from "vitest";
import { generateDemoTown } from "./generate";
import { clockMinutes, defaultTown, SWEEP_SEEDS, TODAY } from "./testTown";
import type { WeeklyWindow } from "./types";

function expectValidWindow(w: WeeklyWindow, what: string) {
  const from = clockMinutes(w.from);
  const to = clockMinutes(w.to);
  expect(from, `${what} from ${w.from}`).toBeDefined();
  expect(to, `${what} to ${w.to}`).toBeDefined();
  expect(from as number, what).toBeLessThan(to as number);
  expect(w.days.length, what).toBeGreaterThan(0);
  for (const d of w.days) expect([1, 2, 3, 4, 5, 6, 7]).toContain(d);
  expect(new Set(w.days).size).toBe(w.days.length);
}

describe.each(SWEEP_SEEDS)("fleet of seed %i", (seed) => {
  const t = generateDemoTown({ seed, today: TODAY });
  const placeIds = new Set(t.places.map((p) => p.id));
  const orgIds = new Set(t.organisations.map((o) => o.id));

  it("has valid, non-overlapping availability windows and existing depots and owners", () => {
    for (const v of t.vehicles) {
      expect(placeIds.has(v.depotPlaceId), `${v.id} depot`).toBe(true);
      expect(orgIds.has(v.organisationId), `${v.id} owner`).toBe(true);
      expect(v.availability.length).toBeGreaterThan(0);
      for (const w of v.availability) expectValidWindow(w, v.id);
      for (let d = 1; d <= 7; d++) {
        const spans = v.availability
          .filter((w) => (w.days as number[]).includes(d))
          .map((w) => [clockMinutes(w.from) as number, clockMinutes(w.to) as number] as const)
          .sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++)
          expect((spans[i] as readonly number[])[0]).toBeGreaterThanOrEqual(
            (spans[i - 1] as readonly number[])[1] as number,
          );
      }
      if (v.fuel === "electricity") expect(v.kWhPerKm).toBeGreaterThan(0);
      else expect(v.kmPerLitre).toBeGreaterThan(0);
    }
  });

  it("shares two day-care vans idle between the morning and evening runs", () => {
    const vans = t.vehicles.filter((v) => v.organisationId.startsWith("org-day-care") && v.kind === "van");
    expect(vans.length).toBeGreaterThanOrEqual(2);
    for (const v of vans) {
      for (const w of v.availability) {
        expect((clockMinutes(w.from) as number) >= 10 * 60).toBe(true);
        expect((clockMinutes(w.to) as number) <= 15 * 60 + 30).toBe(true);
      }
    }
  });

  it("has one of each kind the spec names, a lift on every wheelchair vehicle, and a cold box somewhere", () => {
    const kinds = new Set(t.vehicles.map((v) => v.kind));
    for (const k of ["car", "van", "wheelchair_van", "route_bus", "school_bus", "truck", "drone"])
      expect(kinds.has(k as never), k).toBe(true);
    for (const v of t.vehicles) if (v.capacity.wheelchairs > 0) expect(v.features).toContain("lift");
    expect(t.vehicles.some((v) => v.features.includes("cold_box"))).toBe(true);
    const buses = t.vehicles.filter((v) => v.kind === "route_bus");
    expect(buses).toHaveLength(t.busRoutes.length);
  });

  it("runs the school bus on school days, with spare seats for residents (混乗)", () => {
    const sb = t.schoolBus;
    expect(t.vehicles.some((v) => v.id === sb.vehicleId && v.kind === "school_bus")).toBe(true);
    expect(placeIds.has(sb.schoolPlaceId)).toBe(true);
    expect(sb.trips.some((x) => x.direction === "to_school")).toBe(true);
    expect(sb.trips.some((x) => x.direction === "from_school")).toBe(true);
    const stopIds = new Set(sb.stops.map((s) => s.id));
    for (const trip of sb.trips) {
      expect(trip.days).toEqual([1, 2, 3, 4, 5]);
      expect(trip.spareSeats).toBeGreaterThan(0);
      expect(trip.spareCargoKg).toBeGreaterThan(0);
      const times = trip.stopTimes.map((s) => clockMinutes(s.time) as number);
      for (let i = 1; i < times.length; i++)
        expect(times[i] as number).toBeGreaterThanOrEqual(times[i - 1] as number);
      for (const st of trip.stopTimes) expect(stopIds.has(st.stopId)).toBe(true);
    }
    const morning = sb.trips.find((x) => x.direction === "to_school");
    expect(clockMinutes(morning?.stopTimes.at(-1)?.time ?? "") as number).toBeLessThan(8 * 60 + 30);
  });

  it("has registered residents with fictional names, mobility and consent", () => {
    expect(t.residents.length).toBeGreaterThanOrEqual(200);
    expect(t.residents.length).toBeLessThanOrEqual(500);
    const inHamlets = t.residents.filter((r) => r.hamletId !== null).length;
    expect(inHamlets / t.residents.length).toBeGreaterThan(0.5);
    for (const r of t.residents) {
      expect(r.name).toMatch(/^\S+ \S+$/);
      expect(r.nameKana).toMatch(/^[ァ-ヶー]+ [ァ-ヶー]+$/);
      if (r.mobility.wheelchair) expect(r.mobility.maxWalkM).toBe(0);
      else expect(r.mobility.maxWalkM).toBeGreaterThan(0);
      if (r.consent.given) expect(r.consent.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      else expect(r.consent.date).toBeNull();
      expect(2026 - r.birthYear).toBeGreaterThanOrEqual(45);
    }
    expect(t.residents.some((r) => r.mobility.wheelchair)).toBe(true);
    expect(t.residents.some((r) => r.mobility.escort)).toBe(true);
  });
});

describe("hub and drone", () => {
  it("opens the hub around the drone's hours", () => {
    const t = defaultTown();
    const hub = t.hubs[0];
    const route = t.droneRoutes[0];
    if (!hub || !route) throw new Error("missing hub or route");
    expectValidWindow({ days: hub.days, from: hub.opensAt, to: hub.closesAt }, "hub");
    expect(hub.opensAt <= route.operatingFrom && route.operatingTo <= hub.closesAt).toBe(true);
    expect(hub.minTransferMinutes).toBeGreaterThan(0);
  });
});
