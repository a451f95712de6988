/**
 * Independent solution checkers for the benchmarks. They re-read the instance text and
 * re-compute everything (distances, times, loads) without any solver code, so a solver bug
 * cannot hide behind a matching bug in its own evaluation.
 */

export interface CheckResult {
  feasible: boolean;
  vehicles: number;
  distance: number;
  errors: string[];
}

const num = (l: string) => l.trim().split(/\s+/).map(Number);
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== "");

/** Li & Lim: routes are task ids (depot omitted). Schedules are re-derived (earliest start). */
export function checkLiLim(text: string, routes: number[][]): CheckResult {
  const ls = lines(text);
  const [K, Q] = num(ls[0] ?? "");
  const task = new Map<number, number[]>();
  for (const l of ls.slice(1)) {
    const t = num(l);
    task.set(t[0] as number, t);
  }
  const errors: string[] = [];
  const depot = task.get(0) as number[];
  const dist = (a: number[], b: number[]) =>
    Math.hypot((a[1] as number) - (b[1] as number), (a[2] as number) - (b[2] as number));
  const seen = new Map<number, number>();
  let total = 0;
  let used = 0;
  routes.forEach((route, ri) => {
    if (route.length === 0) return;
    used++;
    let time = depot[4] as number;
    let load = 0;
    let prev = depot;
    const onRoute = new Set<number>();
    for (const id of route) {
      const t = task.get(id);
      if (!t || id === 0) {
        errors.push(`route ${ri + 1}: unknown task ${id}`);
        return;
      }
      if (seen.has(id)) errors.push(`task ${id} visited twice`);
      seen.set(id, ri);
      const d = dist(prev, t);
      total += d;
      time = Math.max(time + d, t[4] as number);
      if (time > (t[5] as number) + 1e-6)
        errors.push(`route ${ri + 1}: task ${id} starts at ${time} > ${t[5]}`);
      load += t[3] as number;
      if (load > (Q as number) + 1e-9) errors.push(`route ${ri + 1}: load ${load} > ${Q} at task ${id}`);
      if (load < -1e-9) errors.push(`route ${ri + 1}: negative load at task ${id}`);
      if ((t[3] as number) < 0 && !onRoute.has(t[7] as number))
        errors.push(`route ${ri + 1}: delivery ${id} before its pickup ${t[7]}`);
      onRoute.add(id);
      time += t[6] as number;
      prev = t;
    }
    const back = dist(prev, depot);
    total += back;
    if (time + back > (depot[5] as number) + 1e-6)
      errors.push(`route ${ri + 1}: returns at ${time + back} > ${depot[5]}`);
  });
  for (const id of task.keys()) if (id !== 0 && !seen.has(id)) errors.push(`task ${id} not served`);
  if (used > (K as number)) errors.push(`${used} vehicles > ${K}`);
  return { feasible: errors.length === 0, vehicles: used, distance: total, errors };
}

/**
 * Cordeau DARP: routes are node ids (depots omitted) with the solver's service start times as
 * a certificate; every constraint is re-checked against them (windows, capacity, precedence,
 * ride time, route duration, fleet size).
 */
export function checkCordeau(
  text: string,
  isPr: boolean,
  routes: { nodes: number[]; departure: number; starts: number[]; returnAt: number }[],
): CheckResult {
  const ls = lines(text);
  const [K, second, T, Q, L] = num(ls[0] ?? "");
  const n = isPr ? (second as number) / 2 : (second as number);
  const nodes = ls.slice(1).map(num);
  const endId = isPr ? 0 : 2 * n + 1;
  const errors: string[] = [];
  const at = (i: number) => nodes[i] as number[];
  const dist = (a: number[], b: number[]) =>
    Math.hypot((a[1] as number) - (b[1] as number), (a[2] as number) - (b[2] as number));
  const tol = 1e-6;
  const seen = new Set<number>();
  let total = 0;
  let used = 0;
  routes.forEach((r, ri) => {
    if (r.nodes.length === 0) return;
    used++;
    const start = at(0);
    if (r.departure < (start[5] as number) - tol) errors.push(`route ${ri + 1}: leaves before depot opens`);
    let prev = start;
    let free = r.departure; // time the vehicle can leave prev
    let load = 0;
    const startOf = new Map<number, number>();
    r.nodes.forEach((id, k) => {
      const v = at(id);
      if (!v || id <= 0 || id > 2 * n) {
        errors.push(`route ${ri + 1}: bad node ${id}`);
        return;
      }
      if (seen.has(id)) errors.push(`node ${id} visited twice`);
      seen.add(id);
      const d = dist(prev, v);
      total += d;
      const B = r.starts[k] as number;
      if (B < free + d - tol)
        errors.push(`route ${ri + 1}: node ${id} starts at ${B} before arrival ${free + d}`);
      if (B < (v[5] as number) - tol || B > (v[6] as number) + tol)
        errors.push(`route ${ri + 1}: node ${id} starts at ${B} outside [${v[5]}, ${v[6]}]`);
      load += v[4] as number;
      if (load > (Q as number) + tol) errors.push(`route ${ri + 1}: load ${load} > ${Q} at ${id}`);
      if (id > n) {
        const pb = startOf.get(id - n);
        if (pb === undefined) errors.push(`route ${ri + 1}: delivery ${id} before its pickup`);
        else {
          const ride = B - (pb + (at(id - n)[3] as number));
          if (ride > (L as number) + tol)
            errors.push(`route ${ri + 1}: ride time of ${id - n} is ${ride} > ${L}`);
        }
      }
      startOf.set(id, B);
      free = B + (v[3] as number);
      prev = v;
    });
    const end = at(endId);
    const back = dist(prev, end);
    total += back;
    if (r.returnAt < free + back - tol) errors.push(`route ${ri + 1}: returns before it can`);
    if (r.returnAt > (end[6] as number) + tol) errors.push(`route ${ri + 1}: returns after depot closes`);
    if (r.returnAt - r.departure > (T as number) + tol)
      errors.push(`route ${ri + 1}: duration ${r.returnAt - r.departure} > ${T}`);
    if (load !== 0) errors.push(`route ${ri + 1}: ends with load ${load}`);
  });
  for (let i = 1; i <= 2 * n; i++) if (!seen.has(i)) errors.push(`node ${i} not served`);
  if (used > (K as number)) errors.push(`${used} vehicles > ${K}`);
  return { feasible: errors.length === 0, vehicles: used, distance: total, errors };
}
