import { euclideanTable } from "../src/matrix";
import type { Problem, TransportRequest, Vehicle } from "../src/model";

/** Li & Lim file → engine problem. Location index = task id; cost = Euclidean distance. */
export function lilimToProblem(text: string): Problem {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => l.split(/\s+/).map(Number));
  const [K, Q] = rows[0] as number[];
  const tasks = rows.slice(1);
  const maxId = Math.max(...tasks.map((t) => t[0] as number));
  const xy: [number, number][] = Array.from({ length: maxId + 1 }, () => [0, 0]);
  const byId = new Map<number, number[]>();
  for (const t of tasks) {
    xy[t[0] as number] = [t[1] as number, t[2] as number];
    byId.set(t[0] as number, t);
  }
  const depot = byId.get(0);
  if (!depot) throw new Error("no depot line");
  const vehicles: Vehicle[] = Array.from({ length: K as number }, (_, i) => ({
    id: `v${i + 1}`,
    startLocation: 0,
    availability: [{ start: depot[4] as number, end: depot[5] as number }],
    capacity: [Q as number],
    costPerKm: 1000,
  }));
  const requests: TransportRequest[] = [];
  for (const t of tasks) {
    if ((t[3] as number) <= 0 || (t[0] as number) === 0) continue;
    const del = byId.get(t[8] as number);
    if (!del) throw new Error(`pickup ${t[0]} has no delivery ${t[8]}`);
    requests.push({
      id: String(t[0]),
      pickup: {
        location: t[0] as number,
        timeWindow: { start: t[4] as number, end: t[5] as number },
        serviceSeconds: t[6] as number,
      },
      delivery: {
        location: del[0] as number,
        timeWindow: { start: del[4] as number, end: del[5] as number },
        serviceSeconds: del[6] as number,
      },
      load: [t[3] as number],
    });
  }
  return { vehicles, requests, travel: { default: euclideanTable(xy) } };
}
