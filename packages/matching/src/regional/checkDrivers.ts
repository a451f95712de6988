/**
 * The independent check of a plan's driver assignment (part of `checkRegionalPlan`): it shares
 * no code with the planner's assignment. Each driver's day is rebuilt as driving intervals on
 * the clock — every road leg of every route, and the moves between depots — and the rules of
 * `DriverRules` (改善基準告示 defaults) are applied to the gaps between them.
 */
import type { GeoPoint } from "../matrix";
import type { DriverRules, RegionalPlan, RegionalProblem } from "./model";

type Solved = Extract<RegionalPlan, { status: "solved" | "partial" }>;
type Drive = (a: GeoPoint, b: GeoPoint, kind: string) => number;

const TOL = 1e-3;

interface Work {
  readonly route: number;
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly from: GeoPoint;
  readonly to: GeoPoint;
  /** Driving intervals [from, to] on the clock. */
  readonly driving: readonly (readonly [number, number])[];
}

/** Every broken driver rule of `plan`, one sentence each. */
export function checkDrivers(
  problem: RegionalProblem,
  plan: Solved,
  drive: Drive,
  rules: DriverRules = {},
): string[] {
  const errs: string[] = [];
  if (!problem.drivers) {
    plan.routes.forEach((rt, ri) => {
      if (rt.driverId !== undefined) errs.push(`route ${ri}: has a driver but the problem lists none`);
    });
    return errs;
  }
  const maxRun = rules.maxContinuousDrivingSeconds ?? 4 * 3600;
  const breakS = rules.breakSeconds ?? 1800;
  const part = rules.minBreakPartSeconds ?? 600;
  const maxDay = rules.maxDailyDrivingSeconds ?? 9 * 3600;
  const maxDuty = rules.maxDutySeconds ?? 13 * 3600;
  const drivers = new Map(problem.drivers.map((d) => [d.id, d]));
  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  const requests = new Map(problem.requests.map((r) => [r.id, r]));
  const days = new Map<string, Work[]>();

  plan.routes.forEach((rt, ri) => {
    const d = rt.driverId === undefined ? undefined : drivers.get(rt.driverId);
    const v = vehicles.get(rt.vehicleId);
    if (!d) {
      errs.push(`route ${ri}: ${rt.driverId === undefined ? "no driver" : `unknown driver ${rt.driverId}`}`);
      return;
    }
    if (!v) return;
    if (!d.vehicleIds.includes(v.id)) errs.push(`route ${ri}: driver ${d.id} may not drive ${v.id}`);
    const held = new Set(d.qualifications ?? []);
    for (const s of rt.stops) {
      const missing = (requests.get(s.requestId ?? "")?.driverQualifications ?? []).filter(
        (q) => !held.has(q),
      );
      if (s.kind === "pickup" && missing.length > 0)
        errs.push(`route ${ri}: driver ${d.id} lacks ${missing.join(", ")} for ${s.requestId}`);
    }
    const st = rt.stops;
    const first = st[0];
    const second = st[1];
    const last = st[st.length - 1];
    if (!first || !second || !last) return;
    const driving: [number, number][] = [];
    const lead = drive(first.point, second.point, v.kind);
    // The driver leaves the depot in time for the first service, not earlier.
    const start = Math.max(first.departure, second.serviceStart - lead);
    driving.push([start, start + lead]);
    for (let k = 2; k < st.length; k++) {
      const p = st[k - 1] as (typeof st)[number];
      const s = st[k] as (typeof st)[number];
      driving.push([p.departure, p.departure + drive(p.point, s.point, v.kind)]);
    }
    const end = Math.max(last.arrival, (driving[driving.length - 1] as [number, number])[1]);
    if (!d.availability.some((w) => w.start <= start + TOL && end <= w.end + TOL))
      errs.push(`route ${ri}: outside driver ${d.id}'s hours`);
    const list = days.get(d.id) ?? [];
    list.push({ route: ri, kind: v.kind, start, end, from: first.point, to: last.point, driving });
    days.set(d.id, list);
  });

  for (const [id, works] of days) {
    works.sort((a, b) => a.start - b.start);
    const intervals: (readonly [number, number])[] = [];
    works.forEach((w, i) => {
      const prev = works[i - 1];
      if (prev) {
        const move = drive(prev.to, w.from, w.kind);
        if (prev.end + move > w.start + TOL)
          errs.push(`driver ${id}: routes ${prev.route} and ${w.route} overlap (with the move between them)`);
        if (move > 0) intervals.push([w.start - move, w.start]);
      }
      intervals.push(...w.driving);
    });
    const total = intervals.reduce((s, [a, b]) => s + (b - a), 0);
    if (total > maxDay + TOL) errs.push(`driver ${id}: drives ${Math.round(total)} s in the day`);
    const firstWork = works[0];
    const lastWork = works[works.length - 1];
    if (firstWork && lastWork && lastWork.end - firstWork.start > maxDuty + TOL)
      errs.push(`driver ${id}: on duty longer than ${maxDuty} s`);
    let run = 0;
    let rest = 0;
    let prevEnd: number | undefined;
    for (const [a, b] of intervals) {
      const gap = prevEnd === undefined ? 0 : a - prevEnd;
      if (gap >= part) rest += gap;
      if (rest >= breakS) {
        run = 0;
        rest = 0;
      }
      run += b - a;
      prevEnd = b;
      if (run > maxRun + TOL) {
        errs.push(`driver ${id}: drives ${Math.round(run)} s without a break`);
        break;
      }
    }
  }
  return errs;
}
