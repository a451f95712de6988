import type { TimeWindow, ValidationIssue } from "../model";
import { type AddIssue, checkAvailability } from "../validate";
import type { RegionalProblem } from "./model";

const ROAD_KINDS = new Set(["car", "van", "wheelchair_van", "minibus", "route_bus", "school_bus", "truck"]);
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/**
 * Checks a regional problem field by field; every issue is named by its path (e.g.
 * `requests[3].latest`, `trips[0].stops`). Empty when the problem can be planned.
 */
export function validateRegionalProblem(problem: RegionalProblem): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add: AddIssue = (path, code, message) => issues.push({ path, code, message });
  if (!problem || typeof problem !== "object") {
    add("", "not_an_object", "problem must be an object");
    return issues;
  }
  if (typeof problem.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(problem.date))
    add("date", "invalid", 'date must be "YYYY-MM-DD"');
  for (const f of ["vehicles", "requests"] as const)
    if (!Array.isArray(problem[f])) add(f, "not_an_array", `${f} must be an array`);
  for (const f of ["trips", "droneRoutes", "transferPoints", "drivers"] as const)
    if (problem[f] !== undefined && !Array.isArray(problem[f]))
      add(f, "not_an_array", `${f} must be an array`);
  if (issues.length > 0) return issues;

  /** A non-empty id not used before by another of its kind (`seen`). */
  const uniqueId = (path: string, id: unknown, seen: Set<unknown>, kind: string) => {
    if (typeof id !== "string" || id === "") add(`${path}.id`, "missing", "id is required");
    else if (seen.has(id)) add(`${path}.id`, "duplicate", `${kind} id "${id}" is used twice`);
    seen.add(id);
  };
  const point = (path: string, p: unknown) => {
    const q = p as { lat?: unknown; lon?: unknown } | undefined;
    if (
      !q ||
      typeof q !== "object" ||
      !isNum(q.lat) ||
      !isNum(q.lon) ||
      Math.abs(q.lat) > 90 ||
      Math.abs(q.lon) > 180
    )
      add(path, "invalid_point", "a point needs lat (−90…90) and lon (−180…180) in degrees");
  };
  const window = (path: string, w: TimeWindow | undefined) => {
    if (!w || !isNum(w.start) || !isNum(w.end))
      add(path, "invalid", "start and end must be numbers (seconds)");
    else if (w.start > w.end) add(path, "inverted", `start (${w.start}) is after end (${w.end})`);
  };
  const nonNeg = (path: string, x: unknown, optional = false) => {
    if (optional && x === undefined) return;
    if (!isNum(x) || x < 0) add(path, "invalid", "must be a number ≥ 0");
  };
  const capacity = (path: string, c: unknown) => {
    const q = c as Record<string, unknown> | undefined;
    if (!q || typeof q !== "object") return add(path, "missing", "capacity is required");
    for (const k of ["seats", "wheelchairs", "cargoKg", "cargoLitres"]) nonNeg(`${path}.${k}`, q[k]);
  };

  const vIds = new Set<unknown>();
  problem.vehicles.forEach((v, i) => {
    const p = `vehicles[${i}]`;
    uniqueId(p, v.id, vIds, "vehicle");
    if (!ROAD_KINDS.has(v.kind))
      add(`${p}.kind`, "invalid", `kind must be one of ${[...ROAD_KINDS].join(", ")}`);
    point(`${p}.start`, v.start);
    if (v.end !== undefined) point(`${p}.end`, v.end);
    checkAvailability(`${p}.availability`, v.availability, window, add);
    capacity(`${p}.capacity`, v.capacity);
    if (!Array.isArray(v.features))
      add(`${p}.features`, "not_an_array", "features must be an array of codes");
    for (const f of ["costPerKm", "costPerHour", "fixedCost", "maxRouteSeconds"] as const)
      nonNeg(`${p}.${f}`, v[f], true);
  });

  const rIds = new Set<unknown>();
  problem.requests.forEach((r, i) => {
    const p = `requests[${i}]`;
    uniqueId(p, r.id, rIds, "request");
    if (r.kind !== "ride" && r.kind !== "parcel")
      add(`${p}.kind`, "invalid", 'kind must be "ride" or "parcel"');
    point(`${p}.pickup`, r.pickup);
    point(`${p}.dropoff`, r.dropoff);
    if (!isNum(r.earliest)) add(`${p}.earliest`, "invalid", "earliest must be a number (seconds)");
    if (!isNum(r.latest)) add(`${p}.latest`, "invalid", "latest must be a number (seconds)");
    else if (isNum(r.earliest) && r.latest < r.earliest)
      add(`${p}.latest`, "before_earliest", "latest is before earliest");
    if (r.passengers !== undefined && (!Number.isInteger(r.passengers) || r.passengers < 1))
      add(`${p}.passengers`, "invalid", "passengers must be an integer ≥ 1");
    nonNeg(`${p}.maxWalkMeters`, r.maxWalkMeters, true);
    nonNeg(`${p}.maxRideSeconds`, r.maxRideSeconds, true);
    nonNeg(`${p}.weightKg`, r.weightKg, true);
    nonNeg(`${p}.sizeLitres`, r.sizeLitres, true);
    if (r.priority !== undefined && (!isNum(r.priority) || r.priority <= 0))
      add(`${p}.priority`, "invalid", "priority must be > 0");
  });

  const tIds = new Set<unknown>();
  (problem.trips ?? []).forEach((t, i) => {
    const p = `trips[${i}]`;
    uniqueId(p, t.id, tIds, "trip");
    if (t.service !== "route_bus" && t.service !== "school_bus")
      add(`${p}.service`, "invalid", 'service must be "route_bus" or "school_bus"');
    if (!Array.isArray(t.stops) || t.stops.length < 2)
      add(`${p}.stops`, "too_few", "a trip needs at least two stops");
    else {
      let prev = Number.NEGATIVE_INFINITY;
      t.stops.forEach((s, k) => {
        const sp = `${p}.stops[${k}]`;
        if (typeof s.stopId !== "string" || s.stopId === "")
          add(`${sp}.stopId`, "missing", "stopId is required");
        point(`${sp}.point`, s.point);
        if (!isNum(s.arrival) || !isNum(s.departure))
          add(sp, "invalid", "arrival and departure must be numbers");
        else if (s.departure < s.arrival || s.arrival < prev)
          add(sp, "time_order", "times must not go backwards along the trip");
        else prev = s.departure;
      });
    }
    capacity(`${p}.spare`, t.spare);
  });

  const dIds = new Set<unknown>();
  (problem.droneRoutes ?? []).forEach((d, i) => {
    const p = `droneRoutes[${i}]`;
    uniqueId(p, d.id, dIds, "drone route");
    point(`${p}.from`, d.from);
    point(`${p}.to`, d.to);
    if (d.fromPortId === d.toPortId) add(`${p}.toPortId`, "same_port", "a route joins two different ports");
    if (!isNum(d.maxPayloadKg) || d.maxPayloadKg <= 0)
      add(`${p}.maxPayloadKg`, "invalid", "maxPayloadKg must be > 0");
    if (d.maxPayloadLitres !== undefined && (!isNum(d.maxPayloadLitres) || d.maxPayloadLitres <= 0))
      add(`${p}.maxPayloadLitres`, "invalid", "maxPayloadLitres must be > 0");
    if (!isNum(d.rangeKm) || d.rangeKm <= 0) add(`${p}.rangeKm`, "invalid", "rangeKm must be > 0");
    window(`${p}.operating`, d.operating);
    if (d.cruiseKmh !== undefined && (!isNum(d.cruiseKmh) || d.cruiseKmh <= 0))
      add(`${p}.cruiseKmh`, "invalid", "cruiseKmh must be > 0");
    nonNeg(`${p}.handlingSeconds`, d.handlingSeconds, true);
  });

  const codes = (path: string, list: unknown) => {
    if (list !== undefined && (!Array.isArray(list) || list.some((q) => typeof q !== "string")))
      add(path, "invalid", "must be an array of codes");
  };
  problem.requests.forEach((r, i) => {
    codes(`requests[${i}].driverQualifications`, r.driverQualifications);
  });
  const drvIds = new Set<unknown>();
  (problem.drivers ?? []).forEach((d, i) => {
    const p = `drivers[${i}]`;
    uniqueId(p, d.id, drvIds, "driver");
    checkAvailability(`${p}.availability`, d.availability, window, add);
    codes(`${p}.vehicleIds`, d.vehicleIds ?? null);
    codes(`${p}.qualifications`, d.qualifications);
  });

  (problem.transferPoints ?? []).forEach((tp, i) => {
    const p = `transferPoints[${i}]`;
    if (typeof tp.id !== "string" || tp.id === "") add(`${p}.id`, "missing", "id is required");
    point(`${p}.point`, tp.point);
    if (tp.open !== undefined) window(`${p}.open`, tp.open);
    nonNeg(`${p}.minTransferSeconds`, tp.minTransferSeconds);
  });
  return issues;
}
