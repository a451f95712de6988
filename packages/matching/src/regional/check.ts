/**
 * An independent feasibility check of a regional plan. It shares no feasibility code with the
 * planner: travel times are recomputed with the provider, loads, windows, timetables, transfers,
 * walks, ride times and drone schedules are re-derived from the problem and the documented rules.
 */
import { type GeoPoint, haversineMeters, type MatrixProvider } from "../matrix";
import type { TravelTable } from "../model";
import { checkDrivers } from "./checkDrivers";
import type {
  LegEnd,
  PlannedLeg,
  RegionalOptions,
  RegionalPlan,
  RegionalProblem,
  RegionalRequest,
} from "./model";
import { DEFAULT_CIRCUITY, KindSpeedProvider } from "./providers";

export interface CheckOptions {
  /** Synchronous provider of road times (must be the one the plan was made with). Default `KindSpeedProvider`. */
  readonly provider?: MatrixProvider;
  /** Same meaning and defaults as in `RegionalOptions`. */
  readonly walkKmh?: number;
  readonly stopTransferSeconds?: number;
  readonly serviceSeconds?: RegionalOptions["serviceSeconds"];
  readonly maxRide?: RegionalOptions["maxRide"];
  readonly driverRules?: RegionalOptions["driverRules"];
}

const TOL = 1e-3;
const near = (a: GeoPoint, b: GeoPoint) => haversineMeters(a, b) < 1;

/**
 * Every violated rule of `plan` against `problem`, one sentence each; empty = feasible.
 * Rules: coverage (each request served once or unassigned once), route geometry and times
 * (start/end depots, shifts, travel times, service), capacity per dimension along each route,
 * skills (lift/ramp, cold box), pick-up before drop-off on one route, request windows on the
 * first/last leg, legs consecutive in place and time with transfer times and hub open hours,
 * timetable times and trip room per segment, walking limits, ride time over the whole journey,
 * drone payload, range, hours, flight times and one drone per port pair without overlaps; and,
 * when the problem lists drivers, the driver of every route (`checkDrivers`).
 */
export function checkRegionalPlan(
  problem: RegionalProblem,
  plan: RegionalPlan,
  options: CheckOptions = {},
): string[] {
  if (plan.status === "invalid") return ["plan is invalid"];
  const errs: string[] = [];
  const provider = options.provider ?? new KindSpeedProvider();
  const walkKmh = options.walkKmh ?? 3.6;
  const stopTransfer = options.stopTransferSeconds ?? 300;
  const svcOf = (r: RegionalRequest) =>
    r.kind === "ride" ? (options.serviceSeconds?.ride ?? 120) : (options.serviceSeconds?.parcel ?? 60);
  const tableOf = (pts: GeoPoint[], kind: string): TravelTable => {
    const t = provider.table(pts, kind);
    if (t instanceof Promise) throw new Error("checkRegionalPlan needs a synchronous provider");
    return t;
  };
  const drive = (a: GeoPoint, b: GeoPoint, kind: string) => {
    const t = tableOf([a, b], kind);
    return { s: t.durations[1] as number, m: t.distances[1] as number };
  };
  const reqs = new Map(problem.requests.map((r) => [r.id, r]));
  const vehs = new Map(problem.vehicles.map((v) => [v.id, v]));
  const trips = new Map((problem.trips ?? []).map((t) => [t.id, t]));
  const drones = new Map((problem.droneRoutes ?? []).map((d) => [d.id, d]));
  const tps = problem.transferPoints ?? [];
  const people = (r: RegionalRequest) => Math.max(r.passengers ?? 1, r.escort ? 2 : 1);
  const need = (r: RegionalRequest) =>
    r.kind === "parcel"
      ? [0, 0, r.weightKg ?? 0, r.sizeLitres ?? 0]
      : [people(r) - (r.wheelchair ? 1 : 0), r.wheelchair ? 1 : 0, 0, 0];

  // Coverage.
  const seen = new Map<string, number>();
  for (const it of plan.itineraries) seen.set(it.requestId, (seen.get(it.requestId) ?? 0) + 1);
  for (const u of plan.unassigned) seen.set(u.requestId, (seen.get(u.requestId) ?? 0) + 1);
  for (const r of problem.requests) {
    const n = seen.get(r.id) ?? 0;
    if (n !== 1) errs.push(`request ${r.id} appears ${n} times (itineraries + unassigned)`);
  }
  for (const id of seen.keys()) if (!reqs.has(id)) errs.push(`plan names unknown request ${id}`);

  // Routes.
  const legStops = new Map<
    string,
    {
      vehicleId: string;
      shift: number;
      dep?: number;
      arr?: number;
      from?: GeoPoint;
      to?: GeoPoint;
      order: number[];
    }
  >();
  plan.routes.forEach((rt, ri) => {
    const v = vehs.get(rt.vehicleId);
    const win = v?.availability[rt.shift];
    if (!v || !win) {
      errs.push(`route ${ri}: unknown vehicle/shift ${rt.vehicleId}/${rt.shift}`);
      return;
    }
    const st = rt.stops;
    const first = st[0];
    const last = st[st.length - 1];
    if (first?.kind !== "start" || !near(first.point, v.start))
      errs.push(`route ${ri}: does not start at ${v.id}'s start`);
    if (last?.kind !== "end" || !near(last.point, v.end ?? v.start))
      errs.push(`route ${ri}: does not end at ${v.id}'s end`);
    if (first && first.departure < win.start - TOL) errs.push(`route ${ri}: leaves before its window`);
    if (last && last.arrival > win.end + TOL) errs.push(`route ${ri}: returns after its window`);
    if (
      first &&
      last &&
      v.maxRouteSeconds !== undefined &&
      last.arrival - first.departure > v.maxRouteSeconds + TOL
    )
      errs.push(`route ${ri}: longer than maxRouteSeconds`);
    const table = tableOf(
      st.map((s) => s.point),
      v.kind,
    );
    const cap = [v.capacity.seats, v.capacity.wheelchairs, v.capacity.cargoKg, v.capacity.cargoLitres];
    const load = [0, 0, 0, 0];
    const open = new Set<string>();
    let dist = 0;
    st.forEach((s, k) => {
      if (k > 0) {
        const p = st[k - 1] as (typeof st)[0];
        const t = table.durations[(k - 1) * st.length + k] as number;
        dist += table.distances[(k - 1) * st.length + k] as number;
        if (s.arrival < p.departure + t - TOL)
          errs.push(
            `route ${ri} stop ${k}: arrives before it can (${s.arrival} < ${p.departure} + ${t.toFixed(0)})`,
          );
      }
      if (s.serviceStart < s.arrival - TOL) errs.push(`route ${ri} stop ${k}: service before arrival`);
      if (s.kind !== "pickup" && s.kind !== "dropoff") return;
      const r = reqs.get(s.requestId ?? "");
      if (!r) {
        errs.push(`route ${ri} stop ${k}: unknown request ${s.requestId}`);
        return;
      }
      if (s.departure < s.serviceStart + svcOf(r) - TOL)
        errs.push(`route ${ri} stop ${k}: service time too short`);
      const key = `${r.id}#${s.legIndex ?? 0}`;
      const q = need(r);
      for (let d = 0; d < 4; d++) {
        load[d] = (load[d] as number) + (s.kind === "pickup" ? 1 : -1) * (q[d] as number);
        if ((load[d] as number) > (cap[d] as number) + TOL)
          errs.push(`route ${ri} stop ${k}: over capacity in dimension ${d}`);
      }
      const shown = [s.load.seats, s.load.wheelchairs, s.load.cargoKg, s.load.cargoLitres];
      if (shown.some((x, d) => Math.abs(x - (load[d] as number)) > TOL))
        errs.push(`route ${ri} stop ${k}: load shown is wrong`);
      if (r.kind === "ride" && r.wheelchair && !v.features.some((f) => f === "lift" || f === "ramp"))
        errs.push(`${r.id}: wheelchair user on ${v.id} without lift or ramp`);
      if (r.kind === "parcel" && r.cold && !v.features.includes("cold_box"))
        errs.push(`${r.id}: cold parcel on ${v.id} without cold box`);
      const e = legStops.get(key) ?? { vehicleId: rt.vehicleId, shift: rt.shift, order: [] };
      if (s.kind === "pickup") {
        if (e.dep !== undefined) errs.push(`${key}: picked up twice`);
        e.dep = s.serviceStart;
        e.from = s.point;
        open.add(key);
      } else {
        if (!open.has(key)) errs.push(`${key}: dropped off before pick-up or on another route`);
        open.delete(key);
        e.arr = s.serviceStart;
        e.to = s.point;
      }
      if (e.vehicleId !== rt.vehicleId || e.shift !== rt.shift) errs.push(`${key}: split over two routes`);
      legStops.set(key, e);
    });
    if (open.size > 0) errs.push(`route ${ri}: ${open.size} legs picked up and never dropped off`);
    if (Math.abs(dist - rt.distanceMeters) > 1)
      errs.push(`route ${ri}: distance ${rt.distanceMeters} ≠ ${dist.toFixed(0)}`);
  });

  // Itineraries.
  const tripUse = new Map<string, number[]>();
  const onFlight = new Map<number, string[]>();
  const usedLegs = new Set<string>();
  const tpAt = (e: LegEnd) =>
    tps.find(
      (tp) =>
        tp.id === e.transferPointId ||
        (e.stopId !== undefined && (tp.servesStopIds ?? []).includes(e.stopId)) ||
        (e.portId !== undefined && (tp.servesPortIds ?? []).includes(e.portId)),
    );
  for (const it of plan.itineraries) {
    const r = reqs.get(it.requestId);
    if (!r) continue;
    const L = it.legs;
    const pre = `${r.id}`;
    if (L.length === 0) {
      errs.push(`${pre}: itinerary without legs`);
      continue;
    }
    const first = L[0] as PlannedLeg;
    const last = L[L.length - 1] as PlannedLeg;
    if (!near(first.from.point, r.pickup)) errs.push(`${pre}: first leg does not start at the pick-up`);
    if (!near(last.to.point, r.dropoff)) errs.push(`${pre}: last leg does not end at the drop-off`);
    if (first.departure < r.earliest - TOL) errs.push(`${pre}: leaves before earliest`);
    if (last.arrival > r.latest + TOL) errs.push(`${pre}: arrives after latest`);
    if (r.kind === "ride") {
      let limit = r.maxRideSeconds;
      if (limit === undefined) {
        const found = [...new Set(problem.vehicles.map((v) => v.kind as string))];
        const kinds = found.length > 0 ? found : ["van"];
        const direct = Math.max(0, ...kinds.map((k) => drive(r.pickup, r.dropoff, k).s));
        limit = Math.max(
          options.maxRide?.minSeconds ?? 1800,
          (options.maxRide?.factor ?? 2) * direct + (options.maxRide?.slackSeconds ?? 600),
        );
      }
      if (last.arrival - first.departure > limit + TOL)
        errs.push(
          `${pre}: journey ${Math.round(last.arrival - first.departure)} s exceeds ride limit ${Math.round(limit)} s`,
        );
    }
    L.forEach((l, i) => {
      const p = `${pre} leg ${i}`;
      if (l.arrival < l.departure - TOL) errs.push(`${p}: arrives before it departs`);
      if (i > 0) {
        const prev = L[i - 1] as PlannedLeg;
        if (!near(prev.to.point, l.from.point)) errs.push(`${p}: does not start where leg ${i - 1} ends`);
        const walk = prev.mode === "walk" || l.mode === "walk";
        const tp = tpAt(l.from);
        const need = walk
          ? 0
          : tp
            ? tp.minTransferSeconds
            : l.from.stopId !== undefined || l.from.portId !== undefined
              ? stopTransfer
              : 0;
        if (l.departure < prev.arrival + need - TOL)
          errs.push(
            `${p}: leaves ${Math.round(l.departure - prev.arrival)} s after leg ${i - 1} arrives, needs ${need} s`,
          );
        if (!walk && tp?.open && (prev.arrival < tp.open.start - TOL || l.departure > tp.open.end + TOL))
          errs.push(`${p}: hand-over at ${tp.id} outside its open hours`);
      }
      if (l.mode === "vehicle") {
        const key = `${r.id}#${i}`;
        usedLegs.add(key);
        const s = legStops.get(key);
        if (!s || s.dep === undefined || s.arr === undefined) {
          errs.push(`${p}: no route serves this road leg`);
          return;
        }
        if (s.vehicleId !== l.vehicleId || s.shift !== (l.shift ?? 0))
          errs.push(`${p}: vehicle differs from the route`);
        if (Math.abs(s.dep - l.departure) > TOL || Math.abs(s.arr - l.arrival) > TOL)
          errs.push(`${p}: times differ from the route`);
        if (!s.from || !near(s.from, l.from.point) || !s.to || !near(s.to, l.to.point))
          errs.push(`${p}: places differ from the route`);
      } else if (l.mode === "walk") {
        if (r.kind !== "ride") {
          errs.push(`${p}: a parcel cannot walk`);
          return;
        }
        const m = haversineMeters(l.from.point, l.to.point) * DEFAULT_CIRCUITY;
        const max = r.wheelchair ? 0 : (r.maxWalkMeters ?? 0);
        if (m > max + TOL) errs.push(`${p}: walk of ${Math.round(m)} m exceeds ${max} m`);
        if (l.arrival - l.departure < m / ((walkKmh * 1000) / 3600) - TOL)
          errs.push(`${p}: walks faster than ${walkKmh} km/h`);
      } else if (l.mode === "route_bus" || l.mode === "school_bus") {
        const t = trips.get(l.tripId ?? "");
        if (!t) {
          errs.push(`${p}: unknown trip ${l.tripId}`);
          return;
        }
        if (t.service !== l.mode) errs.push(`${p}: mode ${l.mode} on a ${t.service} trip`);
        const i0 = t.stops.findIndex(
          (s) => s.stopId === l.from.stopId && Math.abs(s.departure - l.departure) <= TOL,
        );
        const j0 = t.stops.findIndex(
          (s, k) => k > i0 && s.stopId === l.to.stopId && Math.abs(s.arrival - l.arrival) <= TOL,
        );
        if (i0 < 0 || j0 < 0) {
          errs.push(`${p}: not at the timetable's stops and times`);
          return;
        }
        if (t.stops[i0]?.boarding === false) errs.push(`${p}: boards where boarding is not allowed`);
        if (t.stops[j0]?.alighting === false) errs.push(`${p}: alights where alighting is not allowed`);
        if (
          !near(t.stops[i0]?.point ?? l.from.point, l.from.point) ||
          !near(t.stops[j0]?.point ?? l.to.point, l.to.point)
        )
          errs.push(`${p}: stop places differ`);
        if (r.kind === "parcel" && r.cold) errs.push(`${p}: cold parcel on a bus`);
        if (
          r.kind === "ride" &&
          r.wheelchair &&
          (t.spare.wheelchairs < 1 || !(t.features ?? []).some((f) => f === "ramp" || f === "lift"))
        )
          errs.push(`${p}: wheelchair user on a trip without ramp or wheelchair place`);
        const use = tripUse.get(t.id) ?? new Array<number>((t.stops.length - 1) * 4).fill(0);
        const q = need(r);
        for (let s = i0; s < j0; s++)
          for (let d = 0; d < 4; d++) use[s * 4 + d] = (use[s * 4 + d] as number) + (q[d] as number);
        tripUse.set(t.id, use);
      } else if (l.mode === "drone") {
        if (r.kind !== "parcel") {
          errs.push(`${p}: only parcels fly`);
          return;
        }
        if (r.cold) errs.push(`${p}: cold parcel on a drone`);
        const f = plan.droneFlights[l.flight ?? -1];
        if (!f || f.droneRouteId !== l.droneRouteId) {
          errs.push(`${p}: no such flight`);
          return;
        }
        const d = drones.get(f.droneRouteId);
        if (!d) return;
        const [a, b] = f.reverse ? [d.to, d.from] : [d.from, d.to];
        if (!near(a, l.from.point) || !near(b, l.to.point))
          errs.push(`${p}: ports differ from the flight's direction`);
        if (Math.abs(l.departure - f.takeOff) > TOL || Math.abs(l.arrival - f.landing) > TOL)
          errs.push(`${p}: times differ from the flight`);
        onFlight.set(l.flight ?? -1, [...(onFlight.get(l.flight ?? -1) ?? []), r.id]);
      }
    });
  }
  for (const key of legStops.keys())
    if (!usedLegs.has(key)) errs.push(`${key}: on a route but in no itinerary`);
  for (const [id, use] of tripUse) {
    const t = trips.get(id);
    if (!t) continue;
    const spare = [t.spare.seats, t.spare.wheelchairs, t.spare.cargoKg, t.spare.cargoLitres];
    for (let k = 0; k < use.length; k++)
      if ((use[k] as number) > (spare[k % 4] as number) + TOL)
        errs.push(`trip ${id}: segment ${Math.floor(k / 4)} over its spare room in dimension ${k % 4}`);
  }

  // Drone flights: one drone per port pair, based at the first route's `from` port.
  const busy: { pair: string; start: number; end: number; i: number }[] = [];
  plan.droneFlights.forEach((f, i) => {
    const d = drones.get(f.droneRouteId);
    if (!d) {
      errs.push(`flight ${i}: unknown drone route`);
      return;
    }
    const meters = haversineMeters(d.from, d.to);
    const secs = meters / (((d.cruiseKmh ?? 50) * 1000) / 3600);
    const h = d.handlingSeconds ?? 300;
    const weight = f.requestIds.reduce((s, id) => s + (reqs.get(id)?.weightKg ?? 0), 0);
    if (weight > d.maxPayloadKg + TOL)
      errs.push(`flight ${i}: ${weight} kg over the ${d.maxPayloadKg} kg payload`);
    if (Math.abs(weight - f.payloadKg) > TOL) errs.push(`flight ${i}: payload shown is wrong`);
    const litres = f.requestIds.reduce((s, id) => s + (reqs.get(id)?.sizeLitres ?? 0), 0);
    if (d.maxPayloadLitres !== undefined && litres > d.maxPayloadLitres + TOL)
      errs.push(`flight ${i}: ${litres} L over the ${d.maxPayloadLitres} L cargo box`);
    if (2 * meters > d.rangeKm * 1000 + TOL) errs.push(`flight ${i}: round trip beyond the range`);
    if (f.landing - f.takeOff < secs - TOL) errs.push(`flight ${i}: faster than the drone's cruise speed`);
    if (f.reverse && d.bidirectional === false) errs.push(`flight ${i}: flown back on a one-way route`);
    const pair = [d.fromPortId, d.toPortId].sort().join("|");
    const home = (problem.droneRoutes ?? []).find(
      (x) => [x.fromPortId, x.toPortId].sort().join("|") === pair,
    )?.fromPortId;
    const origin = f.reverse ? d.toPortId : d.fromPortId;
    const b =
      origin === home
        ? { start: f.takeOff - h, end: f.landing + h + secs }
        : { start: f.takeOff - h - secs, end: f.landing + h };
    if (b.start + h < d.operating.start - TOL || b.end - h > d.operating.end + TOL)
      errs.push(`flight ${i}: flies outside operating hours`);
    busy.push({ pair, ...b, i });
    const on = [...(onFlight.get(i) ?? [])].sort().join(",");
    if (on !== [...f.requestIds].sort().join(","))
      errs.push(`flight ${i}: parcels listed differ from the drone legs`);
    if (f.requestIds.length === 0) errs.push(`flight ${i}: flies empty`);
  });
  for (let a = 0; a < busy.length; a++)
    for (let b = a + 1; b < busy.length; b++) {
      const x = busy[a] as (typeof busy)[0];
      const y = busy[b] as (typeof busy)[0];
      if (x.pair === y.pair && x.start < y.end - TOL && y.start < x.end - TOL)
        errs.push(`flights ${x.i} and ${y.i} need the same drone at once`);
    }
  errs.push(...checkDrivers(problem, plan, (a, b, kind) => drive(a, b, kind).s, options.driverRules));
  return errs;
}
