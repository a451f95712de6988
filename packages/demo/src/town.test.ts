import { MunicipalityCodeSchema } from "@tsunagu/contract";
import { meshCentre } from "@tsunagu/geo";
import area from "@turf/area";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { describe, expect, it } from "vitest";
import { generateDemoTown } from "./generate";
import { haversineKm } from "./geometry";
import { defaultTown, SWEEP_SEEDS, TODAY } from "./testTown";
import type { DemoTown } from "./types";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("determinism", () => {
  it("gives a deep-equal town for the same options", () => {
    const a = generateDemoTown({ seed: 7, today: TODAY });
    const b = generateDemoTown({ seed: 7, today: TODAY });
    expect(b).toEqual(a);
    expect(Buffer.from(b.gtfs).equals(Buffer.from(a.gtfs))).toBe(true);
  });

  it("gives a different town for a different seed", () => {
    const a = generateDemoTown({ seed: 7, today: TODAY });
    const b = generateDemoTown({ seed: 8, today: TODAY });
    expect(b.boundary).not.toEqual(a.boundary);
    expect(b.meshCells).not.toEqual(a.meshCells);
    expect(b.requests).not.toEqual(a.requests);
  });

  it("keeps the town's geography when only the week changes", () => {
    const a = generateDemoTown({ seed: 7, today: TODAY, weekStart: "2026-11-23" });
    const b = generateDemoTown({ seed: 7, today: TODAY, weekStart: "2027-01-11" });
    expect(b.boundary).toEqual(a.boundary);
    expect(b.meshCells).toEqual(a.meshCells);
    expect(b.places).toEqual(a.places);
    expect(b.busStops).toEqual(a.busStops);
  });

  it("defaults the seed to 20261123", () => {
    expect(defaultTown().seed).toBe(20261123);
    expect(generateDemoTown({ seed: 20261123, today: TODAY })).toEqual(defaultTown());
  });

  it("writes the same zip bytes in any local time zone", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      const a = generateDemoTown({ seed: 7, today: TODAY }).gtfs;
      process.env.TZ = "Asia/Tokyo";
      const b = generateDemoTown({ seed: 7, today: TODAY }).gtfs;
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("is fast (< 1 s per town)", () => {
    const t0 = performance.now();
    generateDemoTown({ seed: 99, today: TODAY });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("labelled fictional", () => {
  it("says so in the flag, the name, the boundary and the code", () => {
    const t = defaultTown();
    expect(t.fictional).toBe(true);
    expect(t.name).toContain("架空");
    expect(t.nameEn).toContain("fictional");
    expect(t.boundary.properties.fictional).toBe(true);
    // Prefecture code 99 does not exist, and the check digit is JIS X 0401's.
    expect(t.municipalityCode).toMatch(/^99\d{4}$/);
    expect(t.municipalityCode).toBe("990019");
    expect(MunicipalityCodeSchema.safeParse(t.municipalityCode).success).toBe(true);
    for (const p of t.places) expect(p.name).toContain("架空");
    for (const o of t.organisations) expect(o.name).toContain("架空");
  });
});

describe.each(SWEEP_SEEDS)("ranges of the spec, seed %i", (seed) => {
  const t: DemoTown = generateDemoTown({ seed, today: TODAY });

  it("has a 300–700 km² boundary (turf/area)", () => {
    const km2 = area(t.boundary) / 1e6;
    expect(km2).toBeGreaterThanOrEqual(300);
    expect(km2).toBeLessThanOrEqual(700);
    // The ring is closed and counter-clockwise (RFC 7946).
    const ring = t.boundary.geometry.coordinates[0] ?? [];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it("has 4,000–8,000 people, 35–45 % aged 65+, 20–25 % aged 75+", () => {
    const pop = sum(t.meshCells.map((c) => c.population));
    const a65 = sum(t.meshCells.map((c) => c.aged65plus));
    const a75 = sum(t.meshCells.map((c) => c.aged75plus));
    expect(pop).toBeGreaterThanOrEqual(4000);
    expect(pop).toBeLessThanOrEqual(8000);
    expect(a65 / pop).toBeGreaterThanOrEqual(0.35);
    expect(a65 / pop).toBeLessThanOrEqual(0.45);
    expect(a75 / pop).toBeGreaterThanOrEqual(0.2);
    expect(a75 / pop).toBeLessThanOrEqual(0.25);
  });

  it("has consistent integer mesh cells inside the boundary", () => {
    const codes = new Set<string>();
    for (const c of t.meshCells) {
      expect(c.code).toMatch(/^\d{8}[1-4]$/);
      codes.add(c.code);
      for (const v of [c.population, c.aged65plus, c.aged75plus, c.households])
        expect(Number.isInteger(v)).toBe(true);
      expect(c.population).toBeGreaterThan(0);
      expect(c.aged75plus).toBeLessThanOrEqual(c.aged65plus);
      expect(c.aged65plus).toBeLessThanOrEqual(c.population);
      expect(c.households).toBeGreaterThanOrEqual(1);
      expect(c.households).toBeLessThanOrEqual(c.population);
      const centre = meshCentre(c.code);
      expect(booleanPointInPolygon([centre.lon, centre.lat], t.boundary)).toBe(true);
    }
    expect(codes.size).toBe(t.meshCells.length);
    // Mountains are empty: far fewer populated cells than the ~2,000 half-mesh cells of the area.
    expect(t.meshCells.length).toBeLessThan((area(t.boundary) / 1e6 / 0.25) * 0.4);
  });

  it("has 3–5 hamlets 5–20 km from the centre, with people", () => {
    expect(t.hamlets.length).toBeGreaterThanOrEqual(3);
    expect(t.hamlets.length).toBeLessThanOrEqual(5);
    for (const h of t.hamlets) {
      const km = haversineKm(t.centre, h.centre);
      expect(km).toBeGreaterThanOrEqual(5);
      expect(km).toBeLessThanOrEqual(20);
      expect(h.population).toBeGreaterThan(50);
    }
  });

  it("puts every point inside the boundary", () => {
    const points: { what: string; lat: number; lon: number }[] = [
      { what: "centre", ...t.centre },
      ...t.places.map((p) => ({ what: p.id, lat: p.lat, lon: p.lon })),
      ...t.busStops.map((s) => ({ what: s.stopId, lat: s.lat, lon: s.lon })),
      ...t.schoolBus.stops.map((s) => ({ what: s.id, lat: s.lat, lon: s.lon })),
      ...t.dronePorts.map((p) => ({ what: p.id, lat: p.lat, lon: p.lon })),
      ...t.hamlets.map((h) => ({ what: h.id, ...h.centre })),
      ...t.residents.map((r) => ({ what: r.id, ...r.home })),
    ];
    const outside = points
      .filter((p) => !booleanPointInPolygon([p.lon, p.lat], t.boundary))
      .map((p) => p.what);
    expect(outside).toEqual([]);
  });

  it("has the town-centre facilities", () => {
    const count = (kind: string) => t.places.filter((p) => p.kind === kind).length;
    expect(count("clinic")).toBe(1);
    expect(count("supermarket")).toBe(1);
    expect(count("town_hall")).toBe(1);
    expect(count("day_care")).toBe(2);
    expect(count("post_office")).toBe(1);
    expect(count("hub")).toBe(1);
    for (const p of t.places.filter((q) =>
      ["clinic", "supermarket", "town_hall", "post_office", "hub"].includes(q.kind),
    )) {
      expect(haversineKm(t.centre, p)).toBeLessThan(2.5);
    }
  });

  it("puts the hub by a bus stop and a drone port, and the other port in the remotest hamlet", () => {
    const hub = t.hubs[0];
    if (!hub) throw new Error("no hub");
    const hubPlace = t.places.find((p) => p.id === hub.placeId);
    const stop = t.busStops.find((s) => s.stopId === hub.busStopId);
    const port = t.dronePorts.find((p) => p.id === hub.dronePortId);
    if (!hubPlace || !stop || !port) throw new Error("hub references dangle");
    expect(haversineKm(hubPlace, stop) * 1000).toBeLessThan(150);
    expect(haversineKm(hubPlace, port) * 1000).toBeLessThan(150);
    // Every bus route passes the hub stop (parcels can board there).
    for (const r of t.busRoutes) expect(r.stopIds).toContain(hub.busStopId);
    expect(t.dronePorts).toHaveLength(2);
    const far = t.dronePorts.find((p) => p.hamletId !== null);
    const remotest = [...t.hamlets].sort((a, b) => b.distanceKm - a.distanceKm)[0];
    expect(far?.hamletId).toBe(remotest?.id);
    if (!far || !remotest) throw new Error("no remote port");
    expect(haversineKm(far, remotest.centre)).toBeLessThan(0.5);
  });

  it("leaves some populated hamlet > 500 m from every bus stop (a 交通空白)", () => {
    const blank = t.hamlets.filter((h) => Math.min(...t.busStops.map((s) => haversineKm(s, h.centre))) > 0.5);
    expect(blank.length).toBeGreaterThanOrEqual(1);
    expect(blank.every((h) => !h.servedByBus && h.population > 0)).toBe(true);
    // And the mesh agrees: people live in cells whose centre is > 500 m from any stop.
    const farPeople = sum(
      t.meshCells
        .filter((c) => Math.min(...t.busStops.map((s) => haversineKm(s, meshCentre(c.code)))) > 0.5)
        .map((c) => c.population),
    );
    expect(farPeople).toBeGreaterThan(100);
  });

  it("has drone routes both ways within range and payload", () => {
    expect(t.droneRoutes).toHaveLength(2);
    for (const r of t.droneRoutes) {
      expect(r.maxPayloadKg).toBe(5);
      expect(r.rangeKm).toBeGreaterThanOrEqual(2 * r.distanceKm);
      expect(r.operatingFrom < r.operatingTo).toBe(true);
    }
  });
});
