import { euclideanTable } from "../src/matrix";
import type { Problem, TransportRequest, Vehicle } from "../src/model";

/**
 * Cordeau DARP file → engine problem. a/b files: header `K n T Q L`, nodes 0…2n+1. pr files:
 * header `K 2n T Q L`, nodes 0…2n, node 0 is also the end depot. Location index = node id.
 */
export function cordeauToProblem(
  text: string,
  file: string,
): { problem: Problem; n: number; endDepot: number } {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => l.split(/\s+/).map(Number));
  const [K, second, T, Q, L] = rows[0] as number[];
  const isPr = /pr\d+/i.test(file);
  const n = isPr ? (second as number) / 2 : (second as number);
  const nodes = rows.slice(1);
  const endDepot = isPr ? 0 : 2 * n + 1;
  const xy: [number, number][] = nodes.map((r) => [r[1] as number, r[2] as number]);
  const node = (i: number) => {
    const r = nodes[i];
    if (!r) throw new Error(`node ${i} missing`);
    return r;
  };
  const d0 = node(0);
  const dEnd = node(endDepot);
  const vehicles: Vehicle[] = Array.from({ length: K as number }, (_, i) => ({
    id: `v${i + 1}`,
    startLocation: 0,
    endLocation: endDepot,
    availability: [{ start: d0[5] as number, end: dEnd[6] as number }],
    capacity: [Q as number],
    maxRouteSeconds: T as number,
    costPerKm: 1000,
  }));
  const requests: TransportRequest[] = [];
  for (let i = 1; i <= n; i++) {
    const p = node(i);
    const d = node(n + i);
    requests.push({
      id: String(i),
      pickup: {
        location: i,
        timeWindow: { start: p[5] as number, end: p[6] as number },
        serviceSeconds: p[3] as number,
      },
      delivery: {
        location: n + i,
        timeWindow: { start: d[5] as number, end: d[6] as number },
        serviceSeconds: d[3] as number,
      },
      load: [p[4] as number],
      maxRideSeconds: L as number,
    });
  }
  return { problem: { vehicles, requests, travel: { default: euclideanTable(xy) } }, n, endDepot };
}
