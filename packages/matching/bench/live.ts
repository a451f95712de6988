/**
 * Live insertion latency: a plan of 50 vehicles and 500 requests (a generated rural region,
 * straight-line travel times), then 1 000 new requests inserted one at a time (not committed).
 * Usage: npx tsx bench/live.ts [--plan-seconds 20]
 */
import { parseArgs } from "node:util";
import { insertLive, type LiveRoute, prepareLivePlan } from "../src/live";
import { type GeoPoint, StraightLineProvider } from "../src/matrix";
import type { Problem, TransportRequest, Vehicle } from "../src/model";
import { Rng } from "../src/rng";
import { solve } from "../src/solve";

const { values } = parseArgs({ options: { "plan-seconds": { type: "string", default: "20" } } });
const rng = new Rng(42);
const VEHICLES = 50;
const REQUESTS = 500;
const NEW = 1000;
// ~30 × 30 km around a town centre; 4 depots.
const point = (): GeoPoint => ({ lat: 36.4 + rng.next() * 0.27, lon: 138.2 + rng.next() * 0.33 });
const points: GeoPoint[] = [];
const depots = [0, 1, 2, 3];
for (const _ of depots) points.push(point());
const req = (i: number): TransportRequest => {
  const p = points.length;
  points.push(point());
  points.push(point());
  const at = 7 * 3600 + rng.next() * 10 * 3600;
  const rideLimit = rng.next() < 0.5;
  return {
    id: `r${i}`,
    pickup: { location: p, timeWindow: { start: at, end: at + 1800 }, serviceSeconds: 120 },
    delivery: { location: p + 1, timeWindow: { start: at, end: at + 3 * 3600 }, serviceSeconds: 120 },
    load: [1 + (rng.next() < 0.2 ? 1 : 0), rng.next() < 0.1 ? 1 : 0],
    ...(rideLimit ? { maxRideSeconds: 3600 } : {}),
    ...(rng.next() < 0.1 ? { requiredSkills: ["wheelchair"], priority: 3 } : {}),
  };
};
const requests = Array.from({ length: REQUESTS }, (_, i) => req(i));
const fresh = Array.from({ length: NEW }, (_, i) => ({ ...req(REQUESTS + i), id: `new${i}` }));
const vehicles: Vehicle[] = Array.from({ length: VEHICLES }, (_, i) => ({
  id: `v${i}`,
  startLocation: depots[i % depots.length] as number,
  availability: [{ start: 7 * 3600, end: 20 * 3600 }],
  capacity: [i % 5 === 0 ? 8 : 4, i % 3 === 0 ? 1 : 0],
  skills: i % 3 === 0 ? ["wheelchair"] : [],
}));
const travel = { default: new StraightLineProvider({ default: { speedKmh: 35 } }).table(points, "default") };
const problem: Problem = { vehicles, requests, travel };
const planMs = Number(values["plan-seconds"]) * 1000;
const res = solve(problem, { timeLimitMs: planMs, objective: "cost" });
if (res.status === "invalid") throw new Error(JSON.stringify(res.issues));
console.log(
  `plan: ${res.summary.served}/${REQUESTS} served on ${res.summary.vehicles} vehicles (${(planMs / 1000).toFixed(0)} s)`,
);
const live: LiveRoute[] = res.routes.map((r) => {
  const stops = r.stops.flatMap((s) =>
    s.requestId !== undefined && (s.kind === "pickup" || s.kind === "delivery")
      ? [{ requestId: s.requestId, kind: s.kind }]
      : [],
  );
  // Pretend the first third of every run is done or in progress.
  return { vehicleId: r.vehicleId, shift: r.shift, stops, fixedStops: Math.floor(stops.length / 3) };
});
const t0 = performance.now();
const prepared = prepareLivePlan(problem, live);
const prepMs = performance.now() - t0;
if (prepared.status !== "ok") throw new Error(JSON.stringify(prepared.issues));
const times: number[] = [];
let inserted = 0;
for (const r of fresh) {
  const s = performance.now();
  const out = insertLive(prepared.plan, r);
  times.push(performance.now() - s);
  if (out.status === "inserted") inserted++;
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
console.log(`prepare: ${prepMs.toFixed(1)} ms (once per plan)`);
console.log(
  `insertions: ${NEW}, feasible ${inserted}; p50 ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${q(1).toFixed(2)} ms`,
);
