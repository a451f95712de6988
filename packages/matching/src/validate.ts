import type { Problem, TimeWindow, ValidationIssue } from "./model";

const isNum = (x: unknown): x is number => typeof x === "number" && !Number.isNaN(x);

/** Records one issue: the validators report every issue, not only the first. */
export type AddIssue = (path: string, code: string, message: string) => void;

/** A vehicle's availability: at least one window, each checked by `checkWindow`, no two overlapping. */
export function checkAvailability(
  path: string,
  windows: readonly TimeWindow[] | undefined,
  checkWindow: (path: string, w: TimeWindow) => void,
  add: AddIssue,
): void {
  if (!Array.isArray(windows) || windows.length === 0) {
    add(path, "empty", "at least one availability window is required");
    return;
  }
  windows.forEach((w, k) => {
    checkWindow(`${path}[${k}]`, w);
  });
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++)
    if ((sorted[k]?.start ?? 0) < (sorted[k - 1]?.end ?? 0))
      add(path, "overlap", "availability windows must not overlap");
}

/** Checks every field the solver relies on; returns all issues found (empty when valid). */
export function validateProblem(problem: Problem): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add: AddIssue = (path, code, message) => issues.push({ path, code, message });
  if (!problem || typeof problem !== "object") {
    add("", "not_an_object", "problem must be an object");
    return issues;
  }
  if (!Array.isArray(problem.vehicles)) add("vehicles", "not_an_array", "vehicles must be an array");
  if (!Array.isArray(problem.requests)) add("requests", "not_an_array", "requests must be an array");
  if (!problem.travel || typeof problem.travel !== "object")
    add("travel", "missing", "travel tables are required (one per vehicle profile)");
  if (issues.length > 0) return issues;

  for (const [profile, t] of Object.entries(problem.travel)) {
    const p = `travel.${profile}`;
    if (!Number.isInteger(t.size) || t.size <= 0)
      add(`${p}.size`, "invalid", "size must be a positive integer");
    else {
      if (!t.durations || t.durations.length !== t.size * t.size)
        add(`${p}.durations`, "wrong_length", `durations must have size² = ${t.size * t.size} entries`);
      if (!t.distances || t.distances.length !== t.size * t.size)
        add(`${p}.distances`, "wrong_length", `distances must have size² = ${t.size * t.size} entries`);
    }
  }

  const dims = problem.vehicles[0]?.capacity.length ?? problem.requests[0]?.load.length ?? 0;
  const checkWindow = (path: string, w: TimeWindow | undefined) => {
    if (w === undefined) return;
    if (!isNum(w.start) || !isNum(w.end)) add(path, "not_a_number", "start and end must be numbers");
    else if (w.start > w.end) add(path, "inverted", `start (${w.start}) is after end (${w.end})`);
  };
  const checkLocation = (path: string, loc: unknown, profiles: string[]) => {
    if (!Number.isInteger(loc) || (loc as number) < 0) {
      add(path, "invalid", "location must be a non-negative integer index into the travel tables");
      return;
    }
    for (const pr of profiles) {
      const t = problem.travel[pr];
      if (t && (loc as number) >= t.size)
        add(path, "out_of_range", `location ${loc} is outside travel table "${pr}" (size ${t.size})`);
    }
  };
  const allProfiles = Object.keys(problem.travel);

  const ids = new Set<string>();
  problem.vehicles.forEach((v, i) => {
    const p = `vehicles[${i}]`;
    if (typeof v.id !== "string" || v.id === "") add(`${p}.id`, "missing", "id is required");
    else if (ids.has(`v:${v.id}`)) add(`${p}.id`, "duplicate", `vehicle id "${v.id}" is used twice`);
    ids.add(`v:${v.id}`);
    const profile = v.profile ?? "default";
    if (!problem.travel[profile])
      add(`${p}.profile`, "unknown_profile", `no travel table for profile "${profile}"`);
    checkLocation(`${p}.startLocation`, v.startLocation, [profile]);
    if (v.endLocation !== undefined) checkLocation(`${p}.endLocation`, v.endLocation, [profile]);
    checkAvailability(`${p}.availability`, v.availability, checkWindow, add);
    if (!Array.isArray(v.capacity) || v.capacity.length !== dims)
      add(`${p}.capacity`, "wrong_dimensions", `capacity must have ${dims} entries like the others`);
    else
      v.capacity.forEach((c, d) => {
        if (!isNum(c) || c < 0) add(`${p}.capacity[${d}]`, "invalid", "capacity must be a number ≥ 0");
      });
    for (const [field, val] of [
      ["costPerKm", v.costPerKm],
      ["costPerHour", v.costPerHour],
      ["fixedCost", v.fixedCost],
      ["maxRouteSeconds", v.maxRouteSeconds],
    ] as const)
      if (val !== undefined && (!isNum(val) || val < 0))
        add(`${p}.${field}`, "invalid", `${field} must be ≥ 0`);
  });

  problem.requests.forEach((r, i) => {
    const p = `requests[${i}]`;
    if (typeof r.id !== "string" || r.id === "") add(`${p}.id`, "missing", "id is required");
    else if (ids.has(`r:${r.id}`)) add(`${p}.id`, "duplicate", `request id "${r.id}" is used twice`);
    ids.add(`r:${r.id}`);
    for (const end of ["pickup", "delivery"] as const) {
      const s = r[end];
      if (!s || typeof s !== "object") {
        add(`${p}.${end}`, "missing", `${end} is required`);
        continue;
      }
      checkLocation(`${p}.${end}.location`, s.location, allProfiles);
      checkWindow(`${p}.${end}.timeWindow`, s.timeWindow);
      if (s.serviceSeconds !== undefined && (!isNum(s.serviceSeconds) || s.serviceSeconds < 0))
        add(`${p}.${end}.serviceSeconds`, "invalid", "serviceSeconds must be ≥ 0");
    }
    if (!Array.isArray(r.load) || r.load.length !== dims)
      add(`${p}.load`, "wrong_dimensions", `load must have ${dims} entries (one per capacity dimension)`);
    else
      r.load.forEach((q, d) => {
        if (!isNum(q) || q < 0) add(`${p}.load[${d}]`, "invalid", "load must be a number ≥ 0");
      });
    if (r.maxRideSeconds !== undefined && (!isNum(r.maxRideSeconds) || r.maxRideSeconds < 0))
      add(`${p}.maxRideSeconds`, "invalid", "maxRideSeconds must be ≥ 0");
    if (r.priority !== undefined && (!isNum(r.priority) || r.priority <= 0))
      add(`${p}.priority`, "invalid", "priority must be > 0");
  });
  return issues;
}
