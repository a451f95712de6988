import type { Instance } from "./instance";
import type { Relaxation, TransportRequest, UnassignedRequest } from "./model";
import { bestInsertion, type Insertion, routeFeasibleExact } from "./route";
import type { Solution } from "./solution";

const tmp: Insertion = { cost: 0, i: 0, j: 0 };

/** Does request r fit into the plan anywhere (empty routes included)? */
function fitsSomewhere(inst: Instance, sol: Solution, r: number, minPos?: Int32Array): boolean {
  for (const rt of sol.routes)
    if (bestInsertion(inst, rt, r, Number.POSITIVE_INFINITY, tmp, minPos?.[rt.s] ?? 0)) return true;
  return false;
}

/** Smallest delay of the delivery's latest time (to 1 s) that makes r fit, searched up to `max`. */
function smallestDeliveryDelay(
  inst: Instance,
  sol: Solution,
  r: number,
  max: number,
  minPos?: Int32Array,
): number | undefined {
  const d = 2 * r + 1;
  const late = inst.late as Float64Array;
  const orig = late[d] as number;
  if (!Number.isFinite(orig)) return undefined;
  // Windows are temporarily widened in the compiled copy only; the caller's problem is untouched.
  const fitsWith = (delta: number) => {
    late[d] = orig + delta;
    const ok = fitsSomewhere(inst, sol, r, minPos);
    late[d] = orig;
    return ok;
  };
  if (!fitsWith(max)) return undefined;
  // Smallest whole second that works (the caller shows minutes anyway).
  let lo = -1;
  let hi = Math.ceil(max);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fitsWith(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The binding reason why request r is not in the plan, checked from the most basic cause to
 * the most plan-dependent one, with the smallest relaxation found where one is meaningful.
 */
export function explainUnassigned(
  inst: Instance,
  sol: Solution,
  r: number,
  request?: TransportRequest,
  minPos?: Int32Array,
): UnassignedRequest {
  const req = request ?? inst.problem.requests[r];
  const id = req?.id ?? String(r);
  const S = inst.nShift;
  const D = inst.dims;
  const p = 2 * r;
  const d = p + 1;
  const skilled: number[] = [];
  for (let s = 0; s < S; s++) if (inst.compat[r * S + s] === 1) skilled.push(s);
  if (skilled.length === 0)
    return {
      requestId: id,
      code: "NO_VEHICLE_WITH_SKILLS",
      details: { requiredSkills: req?.requiredSkills ?? [] },
    };

  const roomy = skilled.filter((s) => {
    for (let k = 0; k < D; k++)
      if ((inst.q[p * D + k] as number) > (inst.cap[s * D + k] as number)) return false;
    return true;
  });
  if (roomy.length === 0) {
    // Binding dimension: the one needing the smallest increase on the best vehicle.
    let bestDim = 0;
    let bestGap = Number.POSITIVE_INFINITY;
    let bestCap = 0;
    for (const s of skilled) {
      let worstGap = 0;
      let worstDim = 0;
      for (let k = 0; k < D; k++) {
        const gap = (inst.q[p * D + k] as number) - (inst.cap[s * D + k] as number);
        if (gap > worstGap) {
          worstGap = gap;
          worstDim = k;
        }
      }
      if (worstGap < bestGap) {
        bestGap = worstGap;
        bestDim = worstDim;
        bestCap = inst.cap[s * D + worstDim] as number;
      }
    }
    return {
      requestId: id,
      code: "CAPACITY",
      details: { dimension: bestDim, load: inst.q[p * D + bestDim] as number, largestCapacity: bestCap },
      relaxation: { kind: "increase_capacity", dimension: bestDim, amount: bestGap },
    };
  }

  const alone = roomy.filter((s) => routeFeasibleExact(inst, s, [p, d]));
  if (alone.length > 0) {
    const relax = smallestDeliveryDelay(inst, sol, r, 4 * 3600, minPos);
    const relaxation: Relaxation =
      relax !== undefined ? { kind: "delay_delivery_end", seconds: relax } : { kind: "add_vehicle" };
    return {
      requestId: id,
      code: "NO_ROOM_IN_PLAN",
      details: { feasibleVehicles: alone.length },
      relaxation,
    };
  }

  const s0 = roomy[0] as number;
  const T0 = inst.time[s0] as Float64Array;
  const L0 = inst.nLoc[s0] as number;
  const direct = T0[(inst.loc[p] as number) * L0 + (inst.loc[d] as number)] as number;
  const ride = inst.maxRide[r] as number;
  if (direct > ride)
    return {
      requestId: id,
      code: "MAX_RIDE_TIME",
      details: { directSeconds: direct, maxRideSeconds: ride },
      relaxation: { kind: "increase_max_ride", seconds: Math.ceil(direct - ride) },
    };

  // Timing alone: earliest service at both ends on each vehicle, without other requests.
  let bestDelay = Number.POSITIVE_INFINITY;
  let bestKind: "delay_pickup_end" | "delay_delivery_end" = "delay_delivery_end";
  let anyOverlap = false;
  let durationOnly = false;
  for (const s of roomy) {
    const T = inst.time[s] as Float64Array;
    const L = inst.nLoc[s] as number;
    const lp = inst.loc[p] as number;
    const ld = inst.loc[d] as number;
    const start = inst.shiftStart[s] as number;
    const end = inst.shiftEnd[s] as number;
    const Bp = Math.max(
      inst.early[p] as number,
      start + (T[(inst.startLoc[s] as number) * L + lp] as number),
    );
    const Bd = Math.max(inst.early[d] as number, Bp + (inst.svc[p] as number) + (T[lp * L + ld] as number));
    const back = Bd + (inst.svc[d] as number) + (T[ld * L + (inst.endLoc[s] as number)] as number);
    if ((inst.early[p] as number) <= end && (inst.late[d] as number) >= start) anyOverlap = true;
    if (back > end) continue; // this vehicle's window is too short either way
    if (Bp > (inst.late[p] as number)) {
      if (Bp - (inst.late[p] as number) < bestDelay) {
        bestDelay = Bp - (inst.late[p] as number);
        bestKind = "delay_pickup_end";
      }
    } else if (Bd > (inst.late[d] as number)) {
      if (Bd - (inst.late[d] as number) < bestDelay) {
        bestDelay = Bd - (inst.late[d] as number);
        bestKind = "delay_delivery_end";
      }
    } else durationOnly = true; // windows fine, so the duration or ride limit binds
  }
  if (!anyOverlap)
    return {
      requestId: id,
      code: "NO_VEHICLE_AVAILABLE",
      details: { earliestPickup: inst.early[p] as number, latestDelivery: inst.late[d] as number },
    };
  if (durationOnly)
    return {
      requestId: id,
      code: "MAX_ROUTE_DURATION",
      details: { directSeconds: direct },
      relaxation: { kind: "add_vehicle" },
    };
  if (Number.isFinite(bestDelay))
    return {
      requestId: id,
      code: "TIME_WINDOW_UNREACHABLE",
      details: {
        lateBySeconds: Math.ceil(bestDelay),
        end: bestKind === "delay_pickup_end" ? "pickup" : "delivery",
      },
      relaxation: { kind: bestKind, seconds: Math.ceil(bestDelay) },
    };
  return {
    requestId: id,
    code: "NO_VEHICLE_AVAILABLE",
    details: { earliestPickup: inst.early[p] as number, latestDelivery: inst.late[d] as number },
  };
}
