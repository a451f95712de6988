import type { Instance } from "./instance";
import type { Rng } from "./rng";
import { applyInsertion, bestInsertion, type Insertion, removeRequest } from "./route";
import type { Solution } from "./solution";

/** Settings shared by construction and LNS moves. */
export interface MoveContext {
  readonly inst: Instance;
  readonly rng: Rng;
  /** Add the vehicle weight to the cost of opening an empty route (vehicles-first objective). */
  readonly countVehicles: boolean;
  /** Nearest request nodes of each request node (by the first shift's cost table). */
  readonly neighbours: Int32Array[];
  /** Load size per request (sum over dimensions), for the "demand" ordering. */
  readonly size: Float64Array;
  /** Distance of each request's pickup from the first depot, for the "far"/"close" orderings. */
  readonly far: Float64Array;
  /** SISR blink: skip an improving insertion position with probability 1 %. */
  readonly blink: () => boolean;
  /**
   * Large instance (at least `LARGE_INSTANCE` requests): insertions first try only the routes
   * near the request, and the fleet phase ruins around left-out requests.
   */
  readonly large: boolean;
}

/**
 * From this many requests on, the large-instance techniques apply (neighbour-pruned
 * insertion, ruins seeded at left-out requests). Below it a full scan is cheap and the
 * behaviour measured on the 100-task and DARP sets is kept as is.
 */
export const LARGE_INSTANCE = 200;
/** Nearest nodes of the pickup and of the delivery whose routes a pruned insertion tries. */
const PRUNE_NEIGHBOURS = 30;

const tmp: Insertion = { cost: 0, i: 0, j: 0 };
const BLINK_RATE = 0.01;

/** Precomputes neighbour lists and orderings used by the moves. */
export function makeContext(
  inst: Instance,
  rng: Rng,
  countVehicles: boolean,
  maxNeighbours = 100,
): MoveContext {
  const N = 2 * inst.nReq;
  const C = inst.cost[0] ?? new Float64Array(0);
  const L = inst.nLoc[0] ?? 0;
  const neighbours: Int32Array[] = [];
  const keys = new Float64Array(N);
  const idx = new Int32Array(N);
  const sorted = new Float64Array(N);
  const K = Math.min(maxNeighbours, N - 1);
  for (let a = 0; a < N; a++) {
    const la = inst.loc[a] as number;
    for (let b = 0; b < N; b++) {
      const lb = inst.loc[b] as number;
      keys[b] =
        b === a ? Number.POSITIVE_INFINITY : Math.min(C[la * L + lb] as number, C[lb * L + la] as number);
    }
    if (K <= 0) {
      neighbours.push(new Int32Array(0));
      continue;
    }
    // The K nearest by (key, index): a native numeric sort finds the K-th key, then only the
    // nodes up to it are ordered (same lists as a full sort, much faster at 1000+ nodes).
    sorted.set(keys);
    sorted.sort();
    const kth = sorted[K - 1] as number;
    let m = 0;
    for (let b = 0; b < N; b++) if ((keys[b] as number) <= kth) idx[m++] = b;
    const arr = Array.from(idx.subarray(0, m));
    arr.sort((x, y) => (keys[x] as number) - (keys[y] as number) || x - y);
    neighbours.push(Int32Array.from(arr.slice(0, K)));
  }
  const size = new Float64Array(inst.nReq);
  const far = new Float64Array(inst.nReq);
  const depot = inst.startLoc[0] ?? 0;
  for (let r = 0; r < inst.nReq; r++) {
    let t = 0;
    for (let d = 0; d < inst.dims; d++) t += inst.q[2 * r * inst.dims + d] as number;
    size[r] = t;
    far[r] = C[depot * L + (inst.loc[2 * r] as number)] ?? 0;
  }
  const blink = () => rng.next() < BLINK_RATE;
  return { inst, rng, countVehicles, neighbours, size, far, blink, large: inst.nReq >= LARGE_INSTANCE };
}

/**
 * Best insertion of request r over all routes. Empty routes are tried once per class of
 * interchangeable shifts, and not at all when `maxRoutes` routes are already in use.
 */
export function bestOverRoutes(
  ctx: MoveContext,
  sol: Solution,
  r: number,
  maxRoutes: number,
  out: Insertion,
): number {
  if (ctx.large) {
    const s = bestOverRoutesScan(ctx, sol, r, maxRoutes, out, nearRoutes(ctx, sol, r));
    // Nothing fits near the request: fall back to every route before giving up on it.
    if (s >= 0) return s;
  }
  return bestOverRoutesScan(ctx, sol, r, maxRoutes, out, null);
}

let routeMark = new Int32Array(0);
let routeStamp = 1;
const nearBuf: number[] = [];
/** Shifts whose route holds one of the nearest nodes of r's pickup or delivery (ascending). */
function nearRoutes(ctx: MoveContext, sol: Solution, r: number): number[] {
  const S = ctx.inst.nShift;
  if (routeMark.length < S) routeMark = new Int32Array(S);
  routeStamp++;
  nearBuf.length = 0;
  for (let e = 0; e < 2; e++) {
    const nb = ctx.neighbours[2 * r + e];
    if (!nb) continue;
    const n = Math.min(PRUNE_NEIGHBOURS, nb.length);
    for (let k = 0; k < n; k++) {
      const s = sol.routeOf[(nb[k] as number) >> 1] as number;
      if (s >= 0 && routeMark[s] !== routeStamp) {
        routeMark[s] = routeStamp;
        nearBuf.push(s);
      }
    }
  }
  nearBuf.sort((a, b) => a - b);
  return nearBuf;
}

/**
 * `bestOverRoutes` over the given used routes (or all routes when `only` is null); empty
 * routes are considered in both cases.
 */
function bestOverRoutesScan(
  ctx: MoveContext,
  sol: Solution,
  r: number,
  maxRoutes: number,
  out: Insertion,
  only: readonly number[] | null,
): number {
  const inst = ctx.inst;
  let bestS = -1;
  let best = Number.POSITIVE_INFINITY;
  const canOpen = sol.usedVehicles() < maxRoutes;
  const seenClass = seenClassScratch(inst);
  let next = 0;
  for (let s = 0; s < inst.nShift; s++) {
    const rt = sol.routes[s];
    if (!rt) continue;
    if (only !== null && rt.nodes.length > 0) {
      while (next < only.length && (only[next] as number) < s) next++;
      if (only[next] !== s) continue;
    }
    let extra = 0;
    if (rt.nodes.length === 0) {
      if (!canOpen) continue;
      const c = inst.shiftClass[s] as number;
      if (seenClass[c] === stamp) continue;
      seenClass[c] = stamp;
      if (ctx.countVehicles) extra = inst.vehicleWeight;
    }
    if (bestInsertion(inst, rt, r, best - extra, tmp, 0, ctx.blink)) {
      best = tmp.cost + extra;
      bestS = s;
      out.cost = best;
      out.i = tmp.i;
      out.j = tmp.j;
    }
  }
  stamp++;
  return bestS;
}

let stamp = 1;
let seenArr = new Int32Array(0);
function seenClassScratch(inst: Instance): Int32Array {
  if (seenArr.length < inst.nShift) seenArr = new Int32Array(inst.nShift);
  return seenArr;
}

export function insertInto(sol: Solution, s: number, r: number, ins: Insertion): void {
  const rt = sol.mutable(s);
  applyInsertion(sol.inst, rt, r, ins.i, ins.j);
  sol.routeOf[r] = s;
}

export function removeFrom(sol: Solution, r: number): void {
  const s = sol.routeOf[r] as number;
  if (s < 0) return;
  removeRequest(sol.inst, sol.mutable(s), r);
  sol.routeOf[r] = -1;
}

/** Clock limit of the construction (regret insertion is quadratic in the number of requests). */
export interface ConstructionBudget {
  readonly now: () => number;
  /** Absolute clock value after which the remaining requests are inserted greedily. */
  readonly deadline: number;
}

/**
 * Regret-k construction: repeatedly insert the request whose best route beats its k−1 next
 * best routes by the most (higher priority first), so hard-to-place requests go in early.
 * Only the routes in use and one empty route per interchangeable class are scanned per pick.
 * When `budget.deadline` passes, the requests still pending are inserted by the cheaper
 * sequential greedy rule (each at its best position, highest priority first), so construction
 * never takes the whole time budget on large instances; every request is still tried.
 */
export function regretInsert(
  ctx: MoveContext,
  sol: Solution,
  pending: number[],
  k: number,
  maxRoutes: number,
  budget?: ConstructionBudget,
): void {
  const inst = ctx.inst;
  const S = inst.nShift;
  const INF = Number.POSITIVE_INFINITY;
  // cost[r*S+s] of the best insertion of r into s (INF if none); recomputed only for touched routes.
  const costs = new Float64Array(inst.nReq * S).fill(INF);
  const pos = new Int32Array(inst.nReq * S * 2);
  const evalRoute = (r: number, s: number) => {
    const rt = sol.routes[s];
    if (rt && bestInsertion(inst, rt, r, INF, tmp)) {
      costs[r * S + s] = tmp.cost + (rt.nodes.length === 0 && ctx.countVehicles ? inst.vehicleWeight : 0);
      pos[2 * (r * S + s)] = tmp.i;
      pos[2 * (r * S + s) + 1] = tmp.j;
    } else costs[r * S + s] = INF;
  };
  const classDone = new Map<number, number>();
  for (const r of pending) {
    classDone.clear();
    for (let s = 0; s < S; s++) {
      const rt = sol.routes[s] as (typeof sol.routes)[0];
      if (rt.nodes.length === 0) {
        const c = inst.shiftClass[s] as number;
        const first = classDone.get(c);
        if (first !== undefined) {
          costs[r * S + s] = costs[r * S + first] as number;
          pos[2 * (r * S + s)] = pos[2 * (r * S + first)] as number;
          pos[2 * (r * S + s) + 1] = pos[2 * (r * S + first) + 1] as number;
          continue;
        }
        classDone.set(c, s);
      }
      evalRoute(r, s);
    }
  }
  let left = pending.slice();
  const top = new Float64Array(Math.max(1, k));
  const scan = new Int32Array(S);
  while (left.length > 0) {
    if (budget && budget.now() > budget.deadline) {
      const rest = left.slice().sort((a, b) => (inst.prio[b] as number) - (inst.prio[a] as number));
      const ins: Insertion = { cost: 0, i: 0, j: 0 };
      for (const r of rest) {
        const s = bestOverRoutes(ctx, sol, r, maxRoutes, ins);
        if (s >= 0) insertInto(sol, s, r, ins);
      }
      return;
    }
    const canOpen = sol.usedVehicles() < maxRoutes;
    // Routes worth scanning this pick: used ones plus one empty representative per class.
    let nScan = 0;
    classDone.clear();
    for (let s = 0; s < S; s++) {
      const rt = sol.routes[s] as (typeof sol.routes)[0];
      if (rt.nodes.length === 0) {
        if (!canOpen) continue;
        const c = inst.shiftClass[s] as number;
        if (classDone.has(c)) continue;
        classDone.set(c, s);
      }
      scan[nScan++] = s;
    }
    let pick = -1;
    let pickS = -1;
    let pickPrio = -1;
    let pickRegret = -1;
    let pickCost = INF;
    for (const r of left) {
      top.fill(INF);
      let bs = -1;
      for (let x = 0; x < nScan; x++) {
        const s = scan[x] as number;
        const c = costs[r * S + s] as number;
        if (c === INF) continue;
        if (c < (top[0] as number)) bs = s;
        // keep the k smallest costs sorted
        for (let x = 0; x < k; x++) {
          if (c < (top[x] as number)) {
            for (let y = k - 1; y > x; y--) top[y] = top[y - 1] as number;
            top[x] = c;
            break;
          }
        }
      }
      if (bs < 0) continue;
      let regret = 0;
      for (let x = 1; x < k; x++) {
        const v = top[x] as number;
        regret += v === INF ? inst.unservedWeight : v - (top[0] as number);
      }
      const prio = inst.prio[r] as number;
      if (
        prio > pickPrio ||
        (prio === pickPrio &&
          (regret > pickRegret || (regret === pickRegret && (top[0] as number) < pickCost)))
      ) {
        pick = r;
        pickS = bs;
        pickPrio = prio;
        pickRegret = regret;
        pickCost = top[0] as number;
      }
    }
    if (pick < 0) break;
    tmp.i = pos[2 * (pick * S + pickS)] as number;
    tmp.j = pos[2 * (pick * S + pickS) + 1] as number;
    const wasEmpty = (sol.routes[pickS] as (typeof sol.routes)[0]).nodes.length === 0;
    insertInto(sol, pickS, pick, tmp);
    left = left.filter((x) => x !== pick);
    for (const r of left) evalRoute(r, pickS);
    if (wasEmpty) {
      // The representative empty route of this class changed: refresh the next empty one.
      const c = inst.shiftClass[pickS] as number;
      for (let s = 0; s < S; s++) {
        const rt = sol.routes[s] as (typeof sol.routes)[0];
        if (rt.nodes.length === 0 && inst.shiftClass[s] === c) {
          for (const r of left) evalRoute(r, s);
          break;
        }
      }
    }
  }
}

/**
 * SISR ruin (Christiaens & Vanden Berghe 2020): remove strings of consecutive stops from a
 * few routes near a seed stop (random unless `seed`, a node index, is given); a stop's whole
 * request goes with it.
 */
export function ruinStrings(
  ctx: MoveContext,
  sol: Solution,
  avgRemoved: number,
  maxString: number,
  seed?: number,
): number[] {
  const inst = ctx.inst;
  const rng = ctx.rng;
  const removed: number[] = [];
  let used = 0;
  let nodeCount = 0;
  for (const rt of sol.routes)
    if (rt.nodes.length > 0) {
      used++;
      nodeCount += rt.nodes.length;
    }
  if (used === 0) return removed;
  const lsMax = Math.max(1, Math.min(maxString, nodeCount / used));
  const ksMax = (4 * avgRemoved) / (1 + lsMax) - 1;
  const ks = Math.max(1, Math.floor(rng.next() * ksMax + 1));
  // Seed: the given node (possibly of an unassigned request: then only the routes around it
  // are ruined), else a random assigned node.
  let seedNode = seed ?? -1;
  if (seedNode < 0) {
    const assigned: number[] = [];
    for (let r = 0; r < inst.nReq; r++) if ((sol.routeOf[r] as number) >= 0) assigned.push(r);
    if (assigned.length === 0) return removed;
    const seedReq = assigned[rng.int(0, assigned.length - 1)] as number;
    seedNode = 2 * seedReq + rng.int(0, 1);
  }
  const ruined = new Set<number>();
  const tryNode = (node: number) => {
    const r = node >> 1;
    const s = sol.routeOf[r] as number;
    if (s < 0 || ruined.has(s)) return;
    ruined.add(s);
    const rt = sol.routes[s] as (typeof sol.routes)[0];
    const len = rt.nodes.length;
    const ltMax = Math.min(len, lsMax);
    const lt = Math.max(1, Math.floor(rng.next() * ltMax + 1));
    const at = rt.nodes.indexOf(node);
    const start = Math.max(0, Math.min(len - lt, at - rng.int(0, lt - 1)));
    const reqs = new Set<number>();
    for (let k = start; k < start + lt; k++) reqs.add((rt.nodes[k] as number) >> 1);
    for (const x of reqs) {
      removeFrom(sol, x);
      removed.push(x);
    }
  };
  tryNode(seedNode);
  const nb = ctx.neighbours[seedNode];
  if (nb) {
    for (let k = 0; k < nb.length && ruined.size < ks; k++) tryNode(nb[k] as number);
  }
  return removed;
}

/** SISR recreate: sort the removed requests by a random criterion, then insert each greedily. */
export function recreateGreedy(ctx: MoveContext, sol: Solution, pending: number[], maxRoutes: number): void {
  const rng = ctx.rng;
  const u = rng.next() * 11;
  if (u < 4) rng.shuffle(pending);
  else if (u < 8) pending.sort((a, b) => (ctx.size[b] as number) - (ctx.size[a] as number) || a - b);
  else if (u < 10) pending.sort((a, b) => (ctx.far[b] as number) - (ctx.far[a] as number) || a - b);
  else pending.sort((a, b) => (ctx.far[a] as number) - (ctx.far[b] as number) || a - b);
  // Higher priority first; the sort is stable so the criterion above breaks ties.
  pending.sort((a, b) => (ctx.inst.prio[b] as number) - (ctx.inst.prio[a] as number));
  const ins: Insertion = { cost: 0, i: 0, j: 0 };
  for (const r of pending) {
    const s = bestOverRoutes(ctx, sol, r, maxRoutes, ins);
    if (s >= 0) insertInto(sol, s, r, ins);
  }
}
