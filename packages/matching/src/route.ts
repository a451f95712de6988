import type { Instance } from "./instance";

const EPS = 1e-7;

/**
 * One route slot (a vehicle shift) with cached per-position data, so that testing an
 * insertion is constant time per (pickup, delivery) position pair:
 * - `A`: earliest start of service at each position (forward pass),
 * - `Z`: latest start of service that keeps the rest of the route feasible (backward pass),
 * - `load`: load after each position, per dimension.
 * Position 0 is the start depot, 1…n the request nodes, n+1 the end depot.
 */
export class Route {
  nodes: number[];
  A: number[] = [];
  Z: number[] = [];
  load: number[] = [];
  /** Per-position location, window and service time (depots included). */
  pl: number[] = [];
  pe: number[] = [];
  plate: number[] = [];
  ps: number[] = [];
  /** Arc cost plus fixed cost; 0 when the route is empty (vehicle unused). */
  cost = 0;
  constructor(
    readonly s: number,
    nodes: number[],
  ) {
    this.nodes = nodes;
  }

  clone(): Route {
    const r = new Route(this.s, this.nodes.slice());
    r.A = this.A.slice();
    r.Z = this.Z.slice();
    r.load = this.load.slice();
    r.pl = this.pl.slice();
    r.pe = this.pe.slice();
    r.plate = this.plate.slice();
    r.ps = this.ps.slice();
    r.cost = this.cost;
    return r;
  }
}

/** Recomputes every cache of a route after its node list changed. */
export function updateRoute(inst: Instance, rt: Route): void {
  const s = rt.s;
  const n = rt.nodes.length;
  const D = inst.dims;
  const T = inst.time[s] as Float64Array;
  const C = inst.cost[s] as Float64Array;
  const L = inst.nLoc[s] as number;
  const pl = rt.pl;
  const pe = rt.pe;
  const plate = rt.plate;
  const ps = rt.ps;
  pl.length = n + 2;
  pe.length = n + 2;
  plate.length = n + 2;
  ps.length = n + 2;
  pl[0] = inst.startLoc[s] as number;
  pe[0] = inst.shiftStart[s] as number;
  plate[0] = inst.shiftEnd[s] as number;
  ps[0] = 0;
  for (let k = 0; k < n; k++) {
    const node = rt.nodes[k] as number;
    pl[k + 1] = inst.loc[node] as number;
    pe[k + 1] = inst.early[node] as number;
    plate[k + 1] = inst.late[node] as number;
    ps[k + 1] = inst.svc[node] as number;
  }
  pl[n + 1] = inst.endLoc[s] as number;
  pe[n + 1] = Number.NEGATIVE_INFINITY;
  plate[n + 1] = inst.shiftEnd[s] as number;
  ps[n + 1] = 0;

  const A = rt.A;
  const Z = rt.Z;
  A.length = n + 2;
  Z.length = n + 2;
  A[0] = pe[0] as number;
  let cost = 0;
  for (let k = 1; k <= n + 1; k++) {
    const a = pl[k - 1] as number;
    const b = pl[k] as number;
    const arr = (A[k - 1] as number) + (ps[k - 1] as number) + (T[a * L + b] as number);
    const e = pe[k] as number;
    A[k] = Math.max(arr, e);
    cost += C[a * L + b] as number;
  }
  Z[n + 1] = plate[n + 1] as number;
  for (let k = n; k >= 0; k--) {
    const z =
      (Z[k + 1] as number) - (T[(pl[k] as number) * L + (pl[k + 1] as number)] as number) - (ps[k] as number);
    const l = plate[k] as number;
    Z[k] = Math.min(z, l);
  }
  const load = rt.load;
  load.length = (n + 2) * D;
  for (let d = 0; d < D; d++) load[d] = 0;
  for (let k = 1; k <= n + 1; k++) {
    const node = k <= n ? (rt.nodes[k - 1] as number) : -1;
    for (let d = 0; d < D; d++)
      load[k * D + d] =
        (load[(k - 1) * D + d] as number) + (node >= 0 ? (inst.q[node * D + d] as number) : 0);
  }
  rt.cost = n === 0 ? 0 : cost + (inst.fixed[s] as number);
}

/** Result slot of an insertion search. */
export interface Insertion {
  cost: number;
  /** Insert the pickup after position i and the delivery after original position j (j ≥ i). */
  i: number;
  j: number;
}

/** Scratch space for the exact schedule check (sized on first use). */
class Scratch {
  seq = new Int32Array(16);
  B = new Float64Array(18);
  posOf = new Int32Array(0);
  cand: number[] = [];
  private roomBuf = new Float64Array(64);
  room(len: number): Float64Array {
    if (this.roomBuf.length < len) this.roomBuf = new Float64Array(2 * len);
    return this.roomBuf;
  }
  ensure(len: number, nNodes: number) {
    if (this.seq.length < len + 2) {
      this.seq = new Int32Array(2 * len + 4);
      this.B = new Float64Array(2 * len + 6);
    }
    if (this.posOf.length < nNodes) this.posOf = new Int32Array(nNodes);
  }
}
const scratch = new Scratch();

/** Arrival at position k on leaving position k-1 at B[k-1] after its service (a plain function: hot path, no closure). */
function arrivalAt(
  k: number,
  B: Float64Array | number[],
  psvc: ArrayLike<number>,
  ploc: ArrayLike<number>,
  T: Float64Array,
  L: number,
): number {
  return (
    (B[k - 1] as number) +
    (psvc[k - 1] as number) +
    (T[(ploc[k - 1] as number) * L + (ploc[k] as number)] as number)
  );
}

/**
 * Exact feasibility of a node sequence on shift s, with time windows, ride times and route
 * duration. All these constraints are lower bounds of the form B_j ≥ B_i + w plus constant
 * upper bounds, so the earliest schedule is their least fixed point: start from the forward
 * pass, raise a pickup (or the departure) whenever a ride (or duration) limit is violated and
 * propagate. If any start exceeds its upper bound, no schedule exists (Bellman–Ford argument;
 * at most len+2 rounds without a positive cycle). Writes the schedule into `B` (len+2 entries).
 */
export function scheduleSequence(
  inst: Instance,
  s: number,
  seq: ArrayLike<number>,
  len: number,
  B: Float64Array | number[],
  posOf: Int32Array,
): boolean {
  const T = inst.time[s] as Float64Array;
  const L = inst.nLoc[s] as number;
  const shiftEnd = inst.shiftEnd[s] as number;
  const maxDur = inst.maxDur[s] as number;
  // Per-position data first, so the loops below need no closures (hot path).
  const P = sched.get(len + 2);
  const ploc = P.loc;
  const psvc = P.svc;
  const pe = P.early;
  const plt = P.late;
  ploc[0] = inst.startLoc[s] as number;
  psvc[0] = 0;
  pe[0] = inst.shiftStart[s] as number;
  plt[0] = shiftEnd;
  for (let k = 1; k <= len; k++) {
    const node = seq[k - 1] as number;
    posOf[node] = k;
    ploc[k] = inst.loc[node] as number;
    psvc[k] = inst.svc[node] as number;
    pe[k] = inst.early[node] as number;
    plt[k] = inst.late[node] as number;
  }
  ploc[len + 1] = inst.endLoc[s] as number;
  psvc[len + 1] = 0;
  pe[len + 1] = Number.NEGATIVE_INFINITY;
  plt[len + 1] = shiftEnd;

  B[0] = pe[0] as number;
  for (let k = 1; k <= len + 1; k++) {
    const arr = arrivalAt(k, B, psvc, ploc, T, L);
    const v = Math.max(arr, pe[k] as number);
    if (v > (plt[k] as number) + EPS) return false;
    B[k] = v;
  }
  for (let round = 0; round < len + 3; round++) {
    let changed = false;
    let from = -1;
    for (let k = 0; k <= len + 1; k++) {
      // Forward propagation of earlier raises (merged into this sweep).
      if (from >= 0 && k > from) {
        const arr = arrivalAt(k, B, psvc, ploc, T, L);
        if (arr > (B[k] as number)) {
          if (arr > (plt[k] as number) + EPS) return false;
          B[k] = arr;
        }
      }
      if (k === 0 || k > len) continue;
      const node = seq[k - 1] as number;
      if ((node & 1) !== 0) continue;
      const ride = inst.maxRide[node >> 1] as number;
      if (ride === Number.POSITIVE_INFINITY) continue;
      const b = posOf[node + 1] as number;
      const need = (B[b] as number) - (psvc[k] as number) - ride;
      if (need > (B[k] as number) + EPS) {
        if (need > (plt[k] as number) + EPS) return false;
        B[k] = need;
        if (from < 0) from = k;
        changed = true;
      }
    }
    if (maxDur !== Number.POSITIVE_INFINITY) {
      const need = (B[len + 1] as number) - maxDur;
      if (need > (B[0] as number) + EPS) {
        if (need > shiftEnd + EPS) return false;
        B[0] = need;
        changed = true;
      }
    }
    if (!changed) return true;
    // Re-run a plain forward pass so every raise is propagated before the next check round.
    for (let k = 1; k <= len + 1; k++) {
      const arr = arrivalAt(k, B, psvc, ploc, T, L);
      if (arr > (B[k] as number)) {
        if (arr > (plt[k] as number) + EPS) return false;
        B[k] = arr;
      }
    }
  }
  return false;
}

class SchedScratch {
  loc = new Int32Array(0);
  svc = new Float64Array(0);
  early = new Float64Array(0);
  late = new Float64Array(0);
  get(len: number): SchedScratch {
    if (this.loc.length < len) {
      const n = 2 * len + 8;
      this.loc = new Int32Array(n);
      this.svc = new Float64Array(n);
      this.early = new Float64Array(n);
      this.late = new Float64Array(n);
    }
    return this;
  }
}
const sched = new SchedScratch();

/** Exact check of `rt` with request r inserted at (i, j). */
export function exactInsertionFeasible(inst: Instance, rt: Route, r: number, i: number, j: number): boolean {
  const n = rt.nodes.length;
  scratch.ensure(n + 2, 2 * inst.nReq);
  const seq = scratch.seq;
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (k === i) seq[m++] = 2 * r;
    if (k === j) seq[m++] = 2 * r + 1;
    seq[m++] = rt.nodes[k] as number;
  }
  if (i === n) seq[m++] = 2 * r;
  if (j === n) seq[m++] = 2 * r + 1;
  return scheduleSequence(inst, rt.s, seq, m, scratch.B, scratch.posOf);
}

/** Exact check of a whole route (used after removals and by tests). */
export function routeFeasibleExact(inst: Instance, s: number, nodes: readonly number[]): boolean {
  scratch.ensure(nodes.length + 2, 2 * inst.nReq);
  return scheduleSequence(inst, s, nodes, nodes.length, scratch.B, scratch.posOf);
}

/**
 * Cheapest feasible insertion of request r into `rt` with cost below `limit`; writes it to
 * `out` and returns true, or returns false. Time windows and capacity are checked in O(1) per
 * position pair from the caches; when ride-time or duration limits apply, the candidates that
 * pass are sorted by cost and confirmed with the exact schedule check, cheapest first.
 * `minPos` forbids insertions before that position (live insertion keeps the done part fixed).
 * `blink` (SISR) may veto an improving position at random, so the recreate step does not
 * always pick the same greedy choice.
 */
export function bestInsertion(
  inst: Instance,
  rt: Route,
  r: number,
  limit: number,
  out: Insertion,
  minPos = 0,
  blink?: () => boolean,
): boolean {
  const s = rt.s;
  const S = inst.nShift;
  if (inst.compat[r * S + s] === 0) return false;
  const D = inst.dims;
  const p = 2 * r;
  const d = p + 1;
  const cap = inst.cap;
  for (let k = 0; k < D; k++)
    if ((inst.q[p * D + k] as number) > (cap[s * D + k] as number) + EPS) return false;
  const T = inst.time[s] as Float64Array;
  const C = inst.cost[s] as Float64Array;
  const L = inst.nLoc[s] as number;
  const lp = inst.loc[p] as number;
  const ld = inst.loc[d] as number;
  const ep = inst.early[p] as number;
  const latep = inst.late[p] as number;
  const sp = inst.svc[p] as number;
  const ed = inst.early[d] as number;
  const lated = inst.late[d] as number;
  const sd = inst.svc[d] as number;
  const n = rt.nodes.length;
  const A = rt.A;
  const Z = rt.Z;
  const pl = rt.pl;
  const ps = rt.ps;
  const pe = rt.pe;
  const load = rt.load;
  const tpd = T[lp * L + ld] as number;
  const cpd = C[lp * L + ld] as number;
  const exact = inst.exactShift[s] === 1;
  const ride = inst.maxRide[r] as number;
  if (sp + tpd > Number.POSITIVE_INFINITY) return false;
  const emptyAdj =
    n === 0 ? (inst.fixed[s] as number) - (C[(pl[0] as number) * L + (pl[1] as number)] as number) : 0;
  const cand = scratch.cand;
  cand.length = 0;
  let best = limit;
  let bi = -1;
  let bj = -1;
  // Headroom per position: capacity minus load minus the new request's load (≥ 0 means it
  // fits). No closures in this function: it is the hot loop of the whole search.
  const room = scratch.room(n + 2);
  const q = inst.q;
  for (let k = 0; k <= n + 1; k++) {
    let m = Number.POSITIVE_INFINITY;
    for (let x = 0; x < D; x++) {
      const h = (cap[s * D + x] as number) - (load[k * D + x] as number) - (q[p * D + x] as number);
      if (h < m) m = h;
    }
    room[k] = m;
  }
  for (let i = minPos; i <= n; i++) {
    const li = pl[i] as number;
    const arrP = (A[i] as number) + (ps[i] as number) + (T[li * L + lp] as number);
    // Later positions reach the pickup no earlier (triangle inequality), so stop here.
    if (arrP > latep + EPS) break;
    const Bp = Math.max(arrP, ep);
    if ((room[i] as number) < -EPS) continue;
    const ni = pl[i + 1] as number;
    const cIns = C[li * L + lp] as number;
    const cOld = C[li * L + ni] as number;
    // Delivery right after the pickup.
    {
      const arrD = Bp + sp + tpd;
      if (arrD <= lated + EPS) {
        const Bd = Math.max(arrD, ed);
        const nxt = Bd + sd + (T[ld * L + ni] as number);
        if (nxt <= (Z[i + 1] as number) + EPS && tpd <= ride + EPS) {
          const delta = cIns + cpd + (C[ld * L + ni] as number) - cOld + emptyAdj;
          if (delta < best && !blink?.()) {
            if (exact) cand.push(delta, i, i);
            else {
              best = delta;
              bi = i;
              bj = i;
            }
          }
        }
      }
    }
    const baseP = cIns + (C[lp * L + ni] as number) - cOld;
    if (baseP >= best) continue;
    let prevB = Bp;
    let prevS = sp;
    let prevL = lp;
    // Lower bound on the new request's ride: driving and service from pickup to delivery.
    let rideLb = 0;
    for (let j = i + 1; j <= n; j++) {
      const lj = pl[j] as number;
      const arr = prevB + prevS + (T[prevL * L + lj] as number);
      if (arr > (Z[j] as number) + EPS) break;
      if ((room[j] as number) < -EPS) break;
      const ej = pe[j] as number;
      const Bj = Math.max(arr, ej);
      rideLb += (j === i + 1 ? 0 : prevS) + (T[prevL * L + lj] as number);
      const arrD = Bj + (ps[j] as number) + (T[lj * L + ld] as number);
      if (exact && rideLb + (ps[j] as number) + (T[lj * L + ld] as number) > ride + EPS) break;
      if (arrD <= lated + EPS) {
        const lj1 = pl[j + 1] as number;
        const Bd = Math.max(arrD, ed);
        const nxt = Bd + sd + (T[ld * L + lj1] as number);
        if (nxt <= (Z[j + 1] as number) + EPS) {
          const delta =
            baseP + (C[lj * L + ld] as number) + (C[ld * L + lj1] as number) - (C[lj * L + lj1] as number);
          if (delta < best && !blink?.()) {
            if (exact) cand.push(delta, i, j);
            else {
              best = delta;
              bi = i;
              bj = j;
            }
          }
        }
      }
      prevB = Bj;
      prevS = ps[j] as number;
      prevL = lj;
    }
  }
  if (exact) {
    const m = cand.length / 3;
    if (m === 0) return false;
    const order = Array.from({ length: m }, (_, k) => k);
    order.sort((a, b) => (cand[3 * a] as number) - (cand[3 * b] as number));
    for (const k of order) {
      const ci = cand[3 * k + 1] as number;
      const cj = cand[3 * k + 2] as number;
      if (exactInsertionFeasible(inst, rt, r, ci, cj)) {
        out.cost = cand[3 * k] as number;
        out.i = ci;
        out.j = cj;
        return true;
      }
    }
    return false;
  }
  if (bi < 0) return false;
  out.cost = best;
  out.i = bi;
  out.j = bj;
  return true;
}

/** Applies an insertion found by `bestInsertion` and refreshes the caches. */
export function applyInsertion(inst: Instance, rt: Route, r: number, i: number, j: number): void {
  rt.nodes.splice(i, 0, 2 * r);
  rt.nodes.splice(j + 1, 0, 2 * r + 1);
  updateRoute(inst, rt);
}

/** Removes request r from the route and refreshes the caches. */
export function removeRequest(inst: Instance, rt: Route, r: number): void {
  const p = 2 * r;
  const nodes = rt.nodes;
  let w = 0;
  for (let k = 0; k < nodes.length; k++) {
    const x = nodes[k] as number;
    if (x !== p && x !== p + 1) nodes[w++] = x;
  }
  nodes.length = w;
  updateRoute(inst, rt);
}
