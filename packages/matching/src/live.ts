import { compile, type Instance } from "./instance";
import type { PlannedRoute, Problem, TransportRequest, UnassignedRequest, ValidationIssue } from "./model";
import { explainUnassigned } from "./reasons";
import { bestInsertion, type Insertion, updateRoute } from "./route";
import { Solution } from "./solution";
import { toPlannedRoutes } from "./solve";
import { validateProblem } from "./validate";

/** One vehicle's current run, as the live planner receives it. */
export interface LiveRoute {
  readonly vehicleId: string;
  /** Index into the vehicle's `availability`. Default 0. */
  readonly shift?: number;
  /** The stops of the run in order, by request id and end. */
  readonly stops: readonly { readonly requestId: string; readonly kind: "pickup" | "delivery" }[];
  /**
   * How many leading stops are done or in progress; nothing may be inserted before them.
   * Default 0.
   */
  readonly fixedStops?: number;
}

/** A plan compiled once so that each live insertion costs milliseconds. */
export interface LivePlan {
  readonly inst: Instance;
  readonly sol: Solution;
  /** Per shift: first insertion position allowed (fixed stops + 1 for the start). */
  readonly minPos: Int32Array;
  /** Index of the spare request slot the new request is written into. */
  readonly slot: number;
}

export type LiveInsertResult =
  | {
      readonly status: "inserted";
      readonly vehicleId: string;
      readonly shift: number;
      /** Position of the new pickup/delivery in the vehicle's request stops (0-based). */
      readonly pickupIndex: number;
      readonly deliveryIndex: number;
      /** Cost added to the plan. */
      readonly addedCost: number;
      /** The vehicle's route after the insertion, with its schedule. */
      readonly route: PlannedRoute;
    }
  | { readonly status: "infeasible"; readonly reason: UnassignedRequest }
  | { readonly status: "invalid"; readonly issues: readonly ValidationIssue[] };

/**
 * Compiles `problem` (whose requests must include every request in `routes`) plus one spare
 * request slot, and loads the current routes. Returns issues when the routes do not match the
 * problem (unknown ids, a delivery before its pickup, a request on two vehicles).
 */
export function prepareLivePlan(
  problem: Problem,
  routes: readonly LiveRoute[],
): { status: "ok"; plan: LivePlan } | { status: "invalid"; issues: ValidationIssue[] } {
  // The spare slot each live insertion fills with the new request.
  const spareSlot: TransportRequest = {
    id: "\u0000live-slot",
    pickup: { location: 0 },
    delivery: { location: 0 },
    load: (problem.vehicles[0]?.capacity ?? []).map(() => 0),
  };
  const issues = validateProblem(problem);
  if (issues.length > 0) return { status: "invalid", issues };
  const inst = compile({ ...problem, requests: [...problem.requests, spareSlot] });
  const slot = problem.requests.length;
  const reqIndex = new Map(problem.requests.map((r, i) => [r.id, i]));
  const shiftOf = new Map<string, number>();
  for (let s = 0; s < inst.nShift; s++) {
    const v = problem.vehicles[inst.shiftVehicle[s] as number];
    shiftOf.set(`${v?.id}\u0000${inst.shiftIndex[s]}`, s);
  }
  const sol = new Solution(inst);
  const minPos = new Int32Array(inst.nShift);
  routes.forEach((lr, k) => {
    const path = `routes[${k}]`;
    const s = shiftOf.get(`${lr.vehicleId}\u0000${lr.shift ?? 0}`);
    if (s === undefined) {
      issues.push({
        path: `${path}.vehicleId`,
        code: "unknown_vehicle",
        message: `no vehicle/shift ${lr.vehicleId}/${lr.shift ?? 0}`,
      });
      return;
    }
    const rt = sol.mutable(s);
    const open = new Set<number>();
    lr.stops.forEach((st, j) => {
      const r = reqIndex.get(st.requestId);
      if (r === undefined) {
        issues.push({
          path: `${path}.stops[${j}].requestId`,
          code: "unknown_request",
          message: `unknown request ${st.requestId}`,
        });
        return;
      }
      if (st.kind === "pickup") {
        if ((sol.routeOf[r] as number) !== -1)
          issues.push({
            path: `${path}.stops[${j}]`,
            code: "duplicate",
            message: `request ${st.requestId} is planned twice`,
          });
        sol.routeOf[r] = s;
        open.add(r);
        rt.nodes.push(2 * r);
      } else {
        if (!open.has(r))
          issues.push({
            path: `${path}.stops[${j}]`,
            code: "delivery_before_pickup",
            message: `delivery of ${st.requestId} comes before its pickup`,
          });
        open.delete(r);
        rt.nodes.push(2 * r + 1);
      }
    });
    if (open.size > 0)
      issues.push({
        path: `${path}.stops`,
        code: "missing_delivery",
        message: "every pickup needs its delivery on the same route",
      });
    const fixed = lr.fixedStops ?? 0;
    if (!Number.isInteger(fixed) || fixed < 0 || fixed > lr.stops.length)
      issues.push({
        path: `${path}.fixedStops`,
        code: "invalid",
        message: "fixedStops must be 0…stops.length",
      });
    minPos[s] = fixed;
    updateRoute(inst, rt);
  });
  if (issues.length > 0) return { status: "invalid", issues };
  return { status: "ok", plan: { inst, sol, minPos, slot } };
}

const ins: Insertion = { cost: 0, i: 0, j: 0 };

/**
 * Best feasible insertion of one new request into the live plan, never before a vehicle's fixed
 * stops; the plan itself is not changed. `notBefore` (e.g. now) bounds the new pickup time.
 */
export function insertLive(plan: LivePlan, request: TransportRequest, notBefore?: number): LiveInsertResult {
  const { inst, sol, minPos, slot } = plan;
  const base = inst.problem;
  const issues = validateProblem({ ...base, requests: [request] }).filter((i) =>
    i.path.startsWith("requests"),
  );
  if (issues.length > 0) return { status: "invalid", issues };
  writeSlot(inst, slot, request, notBefore);
  let bestS = -1;
  let best = Number.POSITIVE_INFINITY;
  let bi = 0;
  let bj = 0;
  for (const rt of sol.routes) {
    if (bestInsertion(inst, rt, slot, best, ins, minPos[rt.s] as number)) {
      best = ins.cost;
      bestS = rt.s;
      bi = ins.i;
      bj = ins.j;
    }
  }
  if (bestS < 0) {
    const reason = explainUnassigned(inst, sol, slot, request, minPos);
    return { status: "infeasible", reason: { ...reason, requestId: request.id } };
  }
  const trial = new Solution(
    inst,
    [sol.routes[bestS]?.clone() as NonNullable<(typeof sol.routes)[0]>],
    new Int32Array(inst.nReq).fill(-1),
  );
  const rt = trial.routes[0] as NonNullable<(typeof trial.routes)[0]>;
  rt.nodes.splice(bi, 0, 2 * slot);
  rt.nodes.splice(bj + 1, 0, 2 * slot + 1);
  updateRoute(inst, rt);
  const planned = toPlannedRoutes(inst, trial, new Map([[slot, request.id]]))[0];
  if (!planned) throw new Error("unreachable: inserted route is empty");
  const veh = base.vehicles[inst.shiftVehicle[bestS] as number];
  return {
    status: "inserted",
    vehicleId: veh?.id ?? "",
    shift: inst.shiftIndex[bestS] as number,
    pickupIndex: bi,
    deliveryIndex: bj + 1,
    addedCost: best,
    route: planned,
  };
}

/** Writes the new request into the spare slot of the compiled arrays. */
function writeSlot(inst: Instance, r: number, req: TransportRequest, notBefore?: number): void {
  const mut = inst as {
    -readonly [K in keyof Instance]: Instance[K];
  };
  const ends = [req.pickup, req.delivery] as const;
  for (let k = 0; k < 2; k++) {
    const s = ends[k] as (typeof ends)[0];
    const n = 2 * r + k;
    mut.loc[n] = s.location;
    mut.early[n] = s.timeWindow?.start ?? Number.NEGATIVE_INFINITY;
    if (k === 0 && notBefore !== undefined) mut.early[n] = Math.max(mut.early[n] as number, notBefore);
    mut.late[n] = s.timeWindow?.end ?? Number.POSITIVE_INFINITY;
    mut.svc[n] = s.serviceSeconds ?? 0;
    for (let d = 0; d < inst.dims; d++) mut.q[n * inst.dims + d] = (k === 0 ? 1 : -1) * (req.load[d] ?? 0);
  }
  mut.maxRide[r] = req.maxRideSeconds ?? Number.POSITIVE_INFINITY;
  mut.prio[r] = req.priority ?? 1;
  const need = req.requiredSkills ?? [];
  for (let s = 0; s < inst.nShift; s++) {
    const v = inst.problem.vehicles[inst.shiftVehicle[s] as number];
    const have = new Set(v?.skills ?? []);
    mut.compat[r * inst.nShift + s] = need.every((x) => have.has(x)) ? 1 : 0;
    // A ride limit on the new request needs the exact check on every route.
    if (req.maxRideSeconds !== undefined) mut.exactShift[s] = 1;
  }
}
