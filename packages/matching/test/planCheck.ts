import type { PlannedRoute, Problem, SolveResult } from "../src/model";

/**
 * Test-side feasibility check of a solve result against the problem, written without the
 * solver's route code: times, loads, windows, ride times, durations, skills, coverage.
 */
export function planViolations(problem: Problem, res: SolveResult): string[] {
  if (res.status === "invalid") return ["invalid"];
  const errs: string[] = [];
  const tol = 1e-6;
  const reqById = new Map(problem.requests.map((r) => [r.id, r]));
  const vehById = new Map(problem.vehicles.map((v) => [v.id, v]));
  const served = new Map<string, number>();
  res.routes.forEach((route: PlannedRoute, ri) => {
    const v = vehById.get(route.vehicleId);
    if (!v) {
      errs.push(`route ${ri}: unknown vehicle`);
      return;
    }
    const tab = problem.travel[v.profile ?? "default"];
    if (!tab) {
      errs.push("no table");
      return;
    }
    const shift = v.availability[route.shift];
    if (!shift) {
      errs.push("bad shift");
      return;
    }
    const load = v.capacity.map(() => 0);
    const pickupStart = new Map<string, number>();
    const stops = route.stops;
    if (stops[0]?.kind !== "start" || stops[0].location !== v.startLocation)
      errs.push(`route ${ri}: bad start`);
    const last = stops[stops.length - 1];
    if (last?.kind !== "end" || last.location !== (v.endLocation ?? v.startLocation))
      errs.push(`route ${ri}: bad end`);
    if ((stops[0]?.departure ?? 0) < shift.start - tol) errs.push(`route ${ri}: leaves before shift`);
    if ((last?.arrival ?? 0) > shift.end + tol) errs.push(`route ${ri}: returns after shift`);
    if (
      v.maxRouteSeconds !== undefined &&
      (last?.arrival ?? 0) - (stops[0]?.departure ?? 0) > v.maxRouteSeconds + tol
    )
      errs.push(`route ${ri}: too long`);
    for (let k = 1; k < stops.length; k++) {
      const a = stops[k - 1];
      const b = stops[k];
      if (!a || !b) continue;
      const t = tab.durations[a.location * tab.size + b.location] ?? Number.NaN;
      if (b.arrival < a.departure + t - tol) errs.push(`route ${ri}: stop ${k} arrives too early`);
      if (b.serviceStart < b.arrival - tol) errs.push(`route ${ri}: stop ${k} starts before arrival`);
      if (b.kind === "pickup" || b.kind === "delivery") {
        const req = reqById.get(b.requestId ?? "");
        if (!req) {
          errs.push(`route ${ri}: unknown request`);
          continue;
        }
        const end = b.kind === "pickup" ? req.pickup : req.delivery;
        if (b.location !== end.location) errs.push(`${req.id}: wrong location`);
        if (
          end.timeWindow &&
          (b.serviceStart < end.timeWindow.start - tol || b.serviceStart > end.timeWindow.end + tol)
        )
          errs.push(`${req.id}: ${b.kind} outside window`);
        if (Math.abs(b.departure - b.serviceStart - (end.serviceSeconds ?? 0)) > tol)
          errs.push(`${req.id}: service time`);
        for (const s of req.requiredSkills ?? [])
          if (!(v.skills ?? []).includes(s)) errs.push(`${req.id}: missing skill ${s}`);
        req.load.forEach((q, d) => {
          load[d] = (load[d] as number) + (b.kind === "pickup" ? q : -q);
        });
        load.forEach((l, d) => {
          if (l > (v.capacity[d] as number) + tol) errs.push(`route ${ri}: over capacity in dim ${d}`);
        });
        if (b.kind === "pickup") {
          pickupStart.set(req.id, b.serviceStart + (req.pickup.serviceSeconds ?? 0));
          served.set(req.id, (served.get(req.id) ?? 0) + 1);
        } else {
          const ps = pickupStart.get(req.id);
          if (ps === undefined) errs.push(`${req.id}: delivery before pickup or on another route`);
          else if (req.maxRideSeconds !== undefined && b.serviceStart - ps > req.maxRideSeconds + tol)
            errs.push(`${req.id}: ride ${b.serviceStart - ps} > ${req.maxRideSeconds}`);
        }
      }
    }
    if (load.some((l) => Math.abs(l) > tol)) errs.push(`route ${ri}: load left on board`);
  });
  const unassigned = new Set(res.unassigned.map((u) => u.requestId));
  for (const r of problem.requests) {
    const n = served.get(r.id) ?? 0;
    if (n + (unassigned.has(r.id) ? 1 : 0) !== 1)
      errs.push(`${r.id}: served ${n}×, unassigned ${unassigned.has(r.id)}`);
  }
  return errs;
}
