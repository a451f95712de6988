import { describe, expect, it } from "vitest";
import { generateDemoTown } from "./generate";
import { haversineKm } from "./geometry";
import { MIN_WEEKDAY_REQUESTS } from "./requests";
import { clockMinutes, defaultTown, SWEEP_SEEDS, TODAY } from "./testTown";
import type { DemoRequest, DemoTown } from "./types";

const minutes = (hhmm: string) => {
  const m = clockMinutes(hhmm);
  if (m === undefined) throw new Error(`bad time ${hhmm}`);
  return m;
};

function checkWindows(t: DemoTown) {
  const dates = new Set(t.weekDates);
  for (const r of t.requests) {
    expect(dates.has(r.date), `${r.id} date ${r.date}`).toBe(true);
    expect(minutes(r.earliest), `${r.id} window`).toBeLessThan(minutes(r.latest));
    expect(minutes(r.earliest)).toBeGreaterThanOrEqual(6 * 60);
    expect(minutes(r.latest)).toBeLessThanOrEqual(21 * 60);
  }
}

describe.each(SWEEP_SEEDS)("requests of seed %i", (seed) => {
  const t = generateDemoTown({ seed, today: TODAY });
  const residents = new Map(t.residents.map((r) => [r.id, r]));
  const places = new Map(t.places.map((p) => [p.id, p]));

  it("has ≥ 150 requests on each weekday, mixing rides and parcels", () => {
    expect(MIN_WEEKDAY_REQUESTS).toBe(150);
    for (const date of t.weekDates.slice(0, 5)) {
      const day = t.requests.filter((r) => r.date === date);
      expect(day.length, date).toBeGreaterThanOrEqual(150);
      expect(day.filter((r) => r.kind === "ride").length).toBeGreaterThan(50);
      expect(day.filter((r) => r.kind === "parcel").length).toBeGreaterThan(30);
    }
    // Weekends are quieter but not empty.
    for (const date of t.weekDates.slice(5)) {
      const n = t.requests.filter((r) => r.date === date).length;
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(150);
    }
  });

  it("has valid windows on the week's dates", () => checkWindows(t));

  it("has unique, stable-looking ids", () => {
    const ids = t.requests.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of t.requests) expect(r.id).toMatch(new RegExp(`^rq-${r.date.replaceAll("-", "")}-\\d{3}$`));
  });

  it("takes rider needs from the resident, only from those who consented", () => {
    for (const r of t.requests) {
      const res = residents.get(r.residentId);
      expect(res, r.id).toBeDefined();
      expect(res?.consent.given).toBe(true);
      if (r.kind !== "ride") continue;
      expect(r.wheelchair).toBe(res?.mobility.wheelchair);
      expect(r.escort).toBe(res?.mobility.escort);
      expect(r.passengers).toBeGreaterThanOrEqual(r.escort ? 2 : 1);
      expect(r.passengers).toBeLessThanOrEqual(2);
    }
  });

  it("sends riders home to their place and back, the return after the outbound", () => {
    const byId = new Map(t.requests.map((r) => [r.id, r]));
    let returns = 0;
    for (const r of t.requests) {
      if (r.kind !== "ride") continue;
      if (r.returnOf === undefined) {
        expect(r.pickup.residentId).toBe(r.residentId);
        expect(r.dropoff.placeId && places.has(r.dropoff.placeId)).toBe(true);
        continue;
      }
      returns++;
      const out = byId.get(r.returnOf);
      if (out?.kind !== "ride") throw new Error(`${r.id}: returnOf ${r.returnOf} is not a ride`);
      expect(out.date).toBe(r.date);
      expect(r.pickup.placeId).toBe(out.dropoff.placeId);
      expect(r.dropoff.residentId).toBe(r.residentId);
      expect(minutes(r.earliest)).toBeGreaterThan(minutes(out.latest));
    }
    expect(returns).toBeGreaterThan(0);
  });

  it("makes clinic trips high priority, arriving before the appointment", () => {
    const clinic = t.requests.filter((r) => r.kind === "ride" && r.purpose === "clinic");
    expect(clinic.length).toBeGreaterThan(0);
    for (const r of clinic) {
      expect(r.priority).toBe(2);
      if (r.kind === "ride" && r.appointment !== undefined) {
        expect(minutes(r.latest)).toBeLessThan(minutes(r.appointment));
      }
    }
    const morning = clinic.filter(
      (r) => r.kind === "ride" && r.appointment && minutes(r.appointment) < 12 * 60,
    );
    expect(morning.length).toBeGreaterThan(
      clinic.filter((r) => r.kind === "ride" && r.appointment).length / 2,
    );
  });

  it("has parcels of 0.2–15 kg from senders to homes, some cold", () => {
    const parcels = t.requests.filter((r) => r.kind === "parcel");
    for (const p of parcels) {
      expect(p.weightKg).toBeGreaterThanOrEqual(0.2);
      expect(p.weightKg).toBeLessThanOrEqual(15);
      expect(p.sizeLitres).toBeGreaterThan(0);
      expect(p.purpose).toBe("delivery");
      const sender = places.get(p.senderPlaceId);
      expect(["post_office", "supermarket", "hub"]).toContain(sender?.kind);
      expect(p.pickup.placeId).toBe(p.senderPlaceId);
      expect(p.dropoff.residentId).toBe(p.residentId);
      if (p.cold) expect(sender?.kind).toBe("supermarket");
    }
    expect(parcels.some((p) => p.cold)).toBe(true);
  });

  it("gives each weekday parcels for the drone and for the bus (貨客混載)", () => {
    const farPort = t.dronePorts.find((p) => p.hamletId !== null);
    if (!farPort) throw new Error("no hamlet drone port");
    const busHamlets = new Set(t.hamlets.filter((h) => h.servedByBus).map((h) => h.id));
    for (const date of t.weekDates.slice(0, 5)) {
      const parcels = t.requests.filter(
        (r): r is Extract<DemoRequest, { kind: "parcel" }> => r.kind === "parcel" && r.date === date,
      );
      // Light enough for the drone and within 2 km of the hamlet's port.
      const droneable = parcels.filter((p) => p.weightKg <= 5 && haversineKm(p.dropoff, farPort) < 2);
      expect(droneable.length, date).toBeGreaterThanOrEqual(5);
      const onBusRoutes = parcels.filter((p) => busHamlets.has(residents.get(p.residentId)?.hamletId ?? ""));
      expect(onBusRoutes.length, date).toBeGreaterThanOrEqual(10);
    }
  });
});

describe("dates", () => {
  it("defaults the week to the Monday of today's week", () => {
    const t = generateDemoTown({ today: "2026-11-26" });
    expect(t.weekStart).toBe("2026-11-23");
    expect(t.weekDates).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });

  it("puts no request in the past when the week is in the future", () => {
    const today = "2026-11-25";
    const t = generateDemoTown({ today, weekStart: "2026-11-30" });
    expect(t.requests.length).toBeGreaterThan(750);
    for (const r of t.requests) expect(r.date > today).toBe(true);
    checkWindows(t);
    // Consent was given before today.
    for (const res of t.residents) if (res.consent.date) expect(res.consent.date < today).toBe(true);
  });

  it("keeps a day's requests when the week around it is generated again", () => {
    const a = defaultTown();
    const b = generateDemoTown({ today: TODAY, weekStart: "2026-11-23" });
    expect(b.requests).toEqual(a.requests);
  });

  it("spans a New Year week", () => {
    const t = generateDemoTown({ today: TODAY, weekStart: "2029-12-31" });
    expect(t.weekDates[0]).toBe("2029-12-31");
    expect(t.weekDates[6]).toBe("2030-01-06");
    checkWindows(t);
  });
});
