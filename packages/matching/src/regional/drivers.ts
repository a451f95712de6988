/**
 * Drivers in the plan: who drives each road route. A route is a duty (its span from leaving the
 * depot to coming back, its driving and its pauses); a driver's day is the duties given to them,
 * in time order, with the moves between depots. Assignment is greedy — the most valuable routes
 * first, each to a driver who can still fit it — and a route nobody can take is left undriven
 * (the planner then takes it out and re-inserts its requests elsewhere).
 */
import type { TravelTable } from "../model";
import type { Ctx } from "./context";
import type { Driver, DriverRules, RegionalUnassigned } from "./model";
import {
  type CoreStop,
  type InRoute,
  type InsertOutcome,
  insertChoice,
  removeLegs,
  type State,
} from "./state";

/** `DriverRules` with every default filled in (改善基準告示: see the model's JSDoc). */
export interface ResolvedDriverRules {
  readonly maxContinuousDrivingSeconds: number;
  readonly breakSeconds: number;
  readonly minBreakPartSeconds: number;
  readonly maxDailyDrivingSeconds: number;
  readonly maxDutySeconds: number;
}

export function resolveDriverRules(r: DriverRules = {}): ResolvedDriverRules {
  return {
    maxContinuousDrivingSeconds: r.maxContinuousDrivingSeconds ?? 4 * 3600,
    breakSeconds: r.breakSeconds ?? 30 * 60,
    minBreakPartSeconds: r.minBreakPartSeconds ?? 10 * 60,
    maxDailyDrivingSeconds: r.maxDailyDrivingSeconds ?? 9 * 3600,
    maxDutySeconds: r.maxDutySeconds ?? 13 * 3600,
  };
}

/** One route as its driver works it. */
export interface Duty {
  readonly key: string;
  readonly vehicleId: string;
  /** Leaving the depot (as late as the first stop allows) and coming back, plan clock. */
  readonly start: number;
  readonly end: number;
  readonly startLoc: number;
  readonly endLoc: number;
  /** Alternating driving and pause seconds, starting with driving. */
  readonly events: readonly number[];
  readonly driving: number;
  /** Qualifications the route's requests need. */
  readonly needs: readonly string[];
  /** Sum of the priorities of the requests on the route (what is lost without a driver). */
  readonly value: number;
}

/** Why a driver cannot take a duty (a rule of the day that would break). */
export type DriverMiss =
  | "vehicle"
  | "qualification"
  | "availability"
  | "overlap"
  | "continuous_driving"
  | "daily_driving"
  | "duty";

function tableOf(ctx: Ctx, vehicleId: string): TravelTable | undefined {
  const v = ctx.vehById.get(vehicleId);
  return v ? ctx.travel.tables[v.kind] : undefined;
}

const requestOfCore = (coreId: string) => coreId.slice(coreId.indexOf(":") + 1);

export function dutyOf(ctx: Ctx, key: string, rt: InRoute): Duty {
  const t = tableOf(ctx, rt.vehicleId);
  const st = rt.stops;
  const drive = (a: CoreStop, b: CoreStop) => (t ? (t.durations[a.location * t.size + b.location] ?? 0) : 0);
  const first = st[0] as CoreStop;
  const second = st[1];
  const last = st[st.length - 1] as CoreStop;
  // The driver leaves as late as the first stop allows; waiting at the depot is not work.
  const start = second
    ? Math.max(first.departure, second.serviceStart - drive(first, second))
    : first.departure;
  const events: number[] = [];
  let at = start;
  let driving = 0;
  for (let k = 1; k < st.length; k++) {
    const s = st[k] as CoreStop;
    const d = drive(st[k - 1] as CoreStop, s);
    events.push(d);
    driving += d;
    if (k < st.length - 1) {
      events.push(Math.max(0, s.departure - (at + d)));
      at = s.departure;
    } else at += d;
  }
  const needs = new Set<string>();
  let value = 0;
  for (const s of st) {
    if (s.kind !== "pickup" || s.coreId === undefined) continue;
    const r = ctx.reqById.get(requestOfCore(s.coreId));
    for (const q of r?.driverQualifications ?? []) needs.add(q);
    value += r?.priority ?? 1;
  }
  return {
    key,
    vehicleId: rt.vehicleId,
    start,
    end: Math.max(at, last.arrival),
    startLoc: first.location,
    endLoc: last.location,
    events,
    driving,
    needs: [...needs].sort(),
    value,
  };
}

/**
 * The first rule a driver's day breaks with these duties, or undefined when it is a legal day.
 * Moves between depots are driven at the speed of the vehicle the driver goes to, and count as
 * driving; the time left between two duties is a pause.
 */
export function dayMiss(
  ctx: Ctx,
  rules: ResolvedDriverRules,
  driver: Driver,
  duties: readonly Duty[],
): DriverMiss | undefined {
  const held = new Set(driver.qualifications ?? []);
  const sorted = [...duties].sort((a, b) => a.start - b.start);
  for (const d of sorted) {
    if (!driver.vehicleIds.includes(d.vehicleId)) return "vehicle";
    if (d.needs.some((q) => !held.has(q))) return "qualification";
    if (!driver.availability.some((w) => w.start <= d.start && d.end <= w.end)) return "availability";
  }
  const events: number[] = [];
  let driving = 0;
  for (let i = 0; i < sorted.length; i++) {
    const d = sorted[i] as Duty;
    const prev = sorted[i - 1];
    if (prev) {
      const t = tableOf(ctx, d.vehicleId);
      const move =
        prev.endLoc === d.startLoc || !t ? 0 : (t.durations[prev.endLoc * t.size + d.startLoc] ?? 0);
      if (prev.end + move > d.start) return "overlap";
      // Pause first, then the move: the driver leaves just in time.
      events.push(d.start - prev.end - move, move);
      driving += move;
    }
    // Keep the alternation drive, pause, drive…: a duty starts with driving.
    if (events.length % 2 === 1) events.push(0);
    events.push(...d.events);
    driving += d.driving;
  }
  if (longestDriving(events, rules) > rules.maxContinuousDrivingSeconds) return "continuous_driving";
  if (driving > rules.maxDailyDrivingSeconds) return "daily_driving";
  const firstDuty = sorted[0];
  const lastDuty = sorted[sorted.length - 1];
  if (firstDuty && lastDuty && lastDuty.end - firstDuty.start > rules.maxDutySeconds) return "duty";
  return undefined;
}

/**
 * Longest continuous driving in alternating drive/pause seconds: a pause of at least
 * `minBreakPartSeconds` counts towards a break; once the parts reach `breakSeconds`, continuous
 * driving starts again from zero. Shorter pauses (boarding, traffic lights) do not interrupt it.
 */
export function longestDriving(events: readonly number[], rules: ResolvedDriverRules): number {
  let run = 0;
  let rest = 0;
  let longest = 0;
  events.forEach((s, i) => {
    if (i % 2 === 0) {
      run += s;
      longest = Math.max(longest, run);
    } else if (s >= rules.minBreakPartSeconds) {
      rest += s;
      if (rest >= rules.breakSeconds) {
        run = 0;
        rest = 0;
      }
    }
  });
  return longest;
}

/** Routes by driver, from the state's assignment. */
function dutiesByDriver(ctx: Ctx, state: State): Map<string, Duty[]> {
  const out = new Map<string, Duty[]>();
  for (const [key, driverId] of state.drivers) {
    const rt = state.routes.get(key);
    if (!rt) continue;
    const list = out.get(driverId) ?? [];
    list.push(dutyOf(ctx, key, rt));
    out.set(driverId, list);
  }
  return out;
}

/**
 * Gives route `key` a driver who can fit it (`prefer` first, then drivers already working, then
 * those who may drive fewer vehicles, then by id). Returns the most telling miss when no one can.
 */
function assignOne(
  ctx: Ctx,
  rules: ResolvedDriverRules,
  state: State,
  duty: Duty,
  byDriver: Map<string, Duty[]>,
  prefer?: string,
): { ok: true } | { ok: false; miss: DriverMiss } {
  const drivers = [...(ctx.problem.drivers ?? [])].sort(
    (a, b) =>
      Number(b.id === prefer) - Number(a.id === prefer) ||
      Number(byDriver.has(b.id)) - Number(byDriver.has(a.id)) ||
      a.vehicleIds.length - b.vehicleIds.length ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let miss: DriverMiss = "vehicle";
  for (const d of drivers) {
    const day = byDriver.get(d.id) ?? [];
    const m = dayMiss(ctx, rules, d, [...day, duty]);
    if (m === undefined) {
      state.drivers.set(duty.key, d.id);
      byDriver.set(d.id, [...day, duty]);
      return { ok: true };
    }
    if (MISS_ORDER.indexOf(m) > MISS_ORDER.indexOf(miss)) miss = m;
  }
  return { ok: false, miss };
}

/** Later = closer to working: a driver who fails only on the day's limits nearly fits. */
const MISS_ORDER = "vehicle qualification availability overlap continuous_driving daily_driving duty".split(
  " ",
) as readonly DriverMiss[];

/** A request taken off a route so that a driver could take the rest (or nobody could). */
export interface Evicted {
  readonly requestId: string;
  /** The route as it was before trimming. */
  readonly duty: Duty;
  readonly miss: DriverMiss;
}

/**
 * Assigns a driver to every route of the state that has none (routes keep a driver they have),
 * the most valuable routes first. A route nobody can take is trimmed from its end — the last
 * request picked up leaves it (all its stops on the route) — until someone can, or it is empty:
 * a long route usually fails only on the day's limits (4 h without a break), and its first
 * hours are still worth driving. Returns the requests taken off, with the reason.
 */
export function assignDrivers(ctx: Ctx, rules: ResolvedDriverRules, state: State): Evicted[] {
  const byDriver = dutiesByDriver(ctx, state);
  const open = [...state.routes]
    .filter(([key]) => !state.drivers.has(key))
    .map(([key, rt]) => dutyOf(ctx, key, rt))
    .sort((a, b) => b.value - a.value || a.start - b.start || (a.key < b.key ? -1 : 1));
  const out: Evicted[] = [];
  for (const first of open) {
    let duty = first;
    let r = assignOne(ctx, rules, state, duty, byDriver);
    while (!r.ok) {
      const stops = state.routes.get(duty.key)?.stops ?? [];
      const last = stops.filter((s) => s.kind === "pickup" && s.coreId !== undefined).at(-1);
      if (last?.coreId === undefined) break;
      const requestId = requestOfCore(last.coreId);
      const ids = stops.flatMap((s) =>
        s.coreId !== undefined && requestOfCore(s.coreId) === requestId ? [s.coreId] : [],
      );
      removeLegs(ctx, state, new Set(ids));
      out.push({ requestId, duty: first, miss: r.miss });
      const rest = state.routes.get(duty.key);
      if (!rest) break;
      duty = dutyOf(ctx, duty.key, rest);
      r = assignOne(ctx, rules, state, duty, byDriver);
    }
  }
  return out;
}

/**
 * After an edit changed the routes in `changed`: each keeps its driver if their day still
 * holds, else gets another one. False (assignment partly changed; the caller restores) when a
 * changed route has nobody.
 */
export function reassignChanged(
  ctx: Ctx,
  rules: ResolvedDriverRules,
  state: State,
  changed: readonly string[],
): { ok: true } | { ok: false; miss: DriverMiss; duty: Duty } {
  const previous = new Map(changed.map((k) => [k, state.drivers.get(k)]));
  for (const k of changed) state.drivers.delete(k);
  for (const k of [...state.drivers.keys()]) if (!state.routes.has(k)) state.drivers.delete(k);
  const byDriver = dutiesByDriver(ctx, state);
  for (const k of changed) {
    const rt = state.routes.get(k);
    if (!rt) continue;
    const duty = dutyOf(ctx, k, rt);
    const r = assignOne(ctx, rules, state, duty, byDriver, previous.get(k));
    if (!r.ok) return { ...r, duty };
  }
  return { ok: true };
}

/**
 * The reason given to a request no driver could take: its own hours (what the coordinator
 * knows it by), the rule that stopped the closest driver, and the qualifications the route needed.
 */
export function noDriverReason(
  ctx: Ctx,
  requestId: string,
  duty: Pick<Duty, "needs">,
  miss: DriverMiss,
): RegionalUnassigned {
  const r = ctx.reqById.get(requestId);
  return {
    requestId,
    code: "NO_DRIVER",
    details: {
      from: Math.round(r?.earliest ?? 0),
      to: Math.round(r?.latest ?? 0),
      rule: miss,
      ...(duty.needs.length > 0 ? { qualifications: duty.needs } : {}),
    },
  };
}

export type DrivenOutcome = InsertOutcome | { ok: false; driver: RegionalUnassigned };

/**
 * `insertChoice` that keeps every route driven: the touched routes keep or change driver; when
 * that fails the insertion is undone and tried again on each route that has a driver. Without
 * drivers in the problem it is `insertChoice`.
 */
export function insertDriven(
  ctx: Ctx,
  state: State,
  c: Parameters<typeof insertChoice>[2],
  opts: Parameters<typeof insertChoice>[3] = {},
): DrivenOutcome {
  if (!ctx.problem.drivers) return insertChoice(ctx, state, c, opts);
  const savedRoutes = new Map(state.routes);
  const savedDrivers = new Map(state.drivers);
  const attempt = (o: Parameters<typeof insertChoice>[3]): DrivenOutcome => {
    const out = insertChoice(ctx, state, c, o);
    if (!out.ok) return out;
    const changed = [...state.routes.keys()].filter((k) => state.routes.get(k) !== savedRoutes.get(k));
    const r = reassignChanged(ctx, ctx.o.driverRules, state, changed);
    if (r.ok) return { ok: true };
    state.routes.clear();
    for (const [k, v] of savedRoutes) state.routes.set(k, v);
    state.drivers.clear();
    for (const [k, v] of savedDrivers) state.drivers.set(k, v);
    return { ok: false, driver: noDriverReason(ctx, c.requestId, r.duty, r.miss) };
  };
  const first = attempt(opts);
  if (first.ok || !("driver" in first) || opts.vehicleId !== undefined) return first;
  // The cheapest place needs a driver nobody can be: try the routes that have one, then every
  // vehicle someone may drive.
  const drivable = new Set((ctx.problem.drivers ?? []).flatMap((d) => d.vehicleIds));
  const places: { vehicleId: string; shift?: number }[] = [];
  for (const key of savedDrivers.keys()) {
    const rt = savedRoutes.get(key);
    if (rt) places.push({ vehicleId: rt.vehicleId, shift: rt.shift });
  }
  for (const v of ctx.problem.vehicles) if (drivable.has(v.id)) places.push({ vehicleId: v.id });
  for (const place of places) {
    const out = attempt({ ...opts, ...place });
    if (out.ok) return out;
  }
  return first;
}

/**
 * A vehicle's windows cut into driving shifts with a break between them, so that a long window
 * gets its 休憩: the planner does not schedule breaks inside a route (one route per shift), so
 * the driver rests at the depot between shifts. Only windows longer than `longerThanSeconds`
 * (default 6 h: 労働基準法 第34条 requires a break in work over 6 h) are cut, into the fewest
 * equal shifts of at most `maxContinuousDrivingSeconds`, `breakSeconds` apart (e.g. 08:00–18:00
 * → 08:00–11:00, 11:30–14:30, 15:00–18:00). Shorter windows keep the route's own pauses, which
 * the assignment checks against the rules. Pure; for callers that build problems with drivers.
 */
export function breakShifts(
  windows: readonly { readonly start: number; readonly end: number }[],
  rules: DriverRules = {},
  longerThanSeconds = 6 * 3600,
): { start: number; end: number }[] {
  const r = resolveDriverRules(rules);
  return windows.flatMap((w) => {
    const span = w.end - w.start;
    if (span <= longerThanSeconds || span <= r.maxContinuousDrivingSeconds)
      return [{ start: w.start, end: w.end }];
    const n = Math.ceil((span + r.breakSeconds) / (r.maxContinuousDrivingSeconds + r.breakSeconds));
    const piece = (span - (n - 1) * r.breakSeconds) / n;
    return Array.from({ length: n }, (_, i) => {
      const start = Math.round(w.start + i * (piece + r.breakSeconds));
      return { start, end: i === n - 1 ? w.end : Math.round(start + piece) };
    });
  });
}
