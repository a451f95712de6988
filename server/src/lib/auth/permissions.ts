import type { Role } from "@tsunagu/db";
import type { Grant } from "../../domain/context";

export type { Grant, Role };

/**
 * How an operation is protected.
 * - `public`: no sign-in (public facts, the effects calculator, sign-in itself);
 * - `signed_in`: any role, acting on their own account only (no tenant in the path);
 * - `roles`: the listed roles only; a `{code}` in the path must be the caller's municipality,
 *   otherwise 404 (another tenant's objects do not exist for the caller, ASVS 8.4.1).
 */
export type Access =
  | { kind: "public"; why: string }
  | { kind: "signed_in" }
  | { kind: "roles"; grants: Partial<Record<Role, Grant>> };

const publicFacts = (why: string): Access => ({ kind: "public", why });
const signedIn: Access = { kind: "signed_in" };
const roles = (grants: Partial<Record<Role, Grant>>): Access => ({ kind: "roles", grants });

/** Read: staff, coordinators and platform admins of the municipality. */
const readRegistry = roles({
  platform_admin: "municipality",
  municipal_staff: "municipality",
  coordinator: "municipality",
});
/** Change the registry: staff and platform admins. */
const writeRegistry = roles({ platform_admin: "municipality", municipal_staff: "municipality" });
/**
 * Residents' and drivers' personal data: only the municipality's staff and
 * coordinators, whose jobs need it — not platform admins (least privilege).
 */
const personal = roles({ municipal_staff: "municipality", coordinator: "municipality" });
const staffOnlyPersonal = roles({ municipal_staff: "municipality" });
/** The platform operator's own work: municipalities, their first admin, the mail about it. */
const operator = roles({ platform_admin: "municipality" });
const requestAccess = roles({
  municipal_staff: "municipality",
  coordinator: "municipality",
  resident: "own",
  driver: "run_sheet",
});

/** Planning the day's transport: coordinators and municipal staff of the municipality. */
const planning = roles({ municipal_staff: "municipality", coordinator: "municipality" });

/** Run sheets: the day's approved routes; a driver only those of vehicles he may drive. */
const runSheets = roles({
  municipal_staff: "municipality",
  coordinator: "municipality",
  driver: "run_sheet",
});

const m = "/api/v1/municipalities/{code}";

/**
 * THE permission table, keyed by "METHOD path-template" exactly as in the
 * OpenAPI document. One middleware (authorize.ts) enforces it for every API
 * request; an operation missing here is refused (and fails a test), so a new
 * route cannot be forgotten. docs/permissions.md is generated from it.
 */
export const PERMISSIONS: Readonly<Record<string, Access>> = {
  "GET /api/health": publicFacts("liveness probe"),
  // No session: the handler checks the METRICS_TOKEN bearer token (404 while unset).
  "GET /api/metrics": publicFacts("Prometheus scrape; bearer METRICS_TOKEN checked by the handler"),
  "GET /api/openapi.json": publicFacts("API description"),
  "GET /api/docs": publicFacts("API reference page"),
  "GET /api/docs/standalone.js": publicFacts("API reference script"),
  "GET /api/v1/map-config": publicFacts("tile URL and attribution"),
  "GET /api/v1/municipalities": publicFacts("public facts about municipalities"),
  [`GET ${m}/map-layers`]: publicFacts("stops, routes and places: no personal data"),
  [`GET ${m}/places`]: publicFacts("clinics, shops, town hall: public facts"),
  [`POST ${m}/places`]: writeRegistry,
  [`GET ${m}/stops/service`]: publicFacts("bus stops and their timetabled service"),
  "POST /api/v1/effects/legs": publicFacts("public calculator, rate-limited"),
  "POST /api/v1/effects/waiting": publicFacts("public calculator, rate-limited"),
  "POST /api/v1/effects/legs/export": publicFacts("public calculator, rate-limited"),
  "GET /api/v1/effects/examples/worked": publicFacts("public worked example"),

  "POST /api/v1/auth/sign-in": publicFacts("signing in; rate-limited"),
  "POST /api/v1/auth/password-reset": publicFacts("redeeming a one-time reset link"),
  "POST /api/v1/auth/invitation": publicFacts("accepting a one-time invitation link"),
  "GET /api/v1/auth/session": signedIn,
  "POST /api/v1/auth/sign-out": signedIn,
  "POST /api/v1/auth/sign-out-everywhere": signedIn,
  "PUT /api/v1/auth/password": signedIn,
  "GET /api/v1/me/data": roles({ resident: "own" }),
  "POST /api/v1/me/erasure": roles({ resident: "own" }),

  // Accounts show residents' names and addresses: the municipality's staff only. The operator may
  // open only a municipality's first admin (checked in the verb) and never resets an account.
  [`GET ${m}/users`]: staffOnlyPersonal,
  [`POST ${m}/users`]: writeRegistry,
  [`POST ${m}/users/{id}/password-resets`]: staffOnlyPersonal,
  // Erasing a resident for them (asked in person or on paper): the municipality's admin only.
  [`POST ${m}/residents/{id}/erasure`]: staffOnlyPersonal,
  [`POST ${m}/users/{id}/disable`]: staffOnlyPersonal,
  [`POST ${m}/users/{id}/enable`]: staffOnlyPersonal,
  // The access log names residents (ids), addresses and times: the municipality's own oversight.
  [`GET ${m}/audit-log`]: staffOnlyPersonal,

  // The platform operator (運営者): municipalities and their first admin, never residents' data.
  "POST /api/v1/municipalities": operator,
  "GET /api/v1/platform/municipalities": operator,
  "GET /api/v1/platform/outbox": operator,
  [`POST ${m}/archive`]: operator,
  [`POST ${m}/unarchive`]: operator,
  [`POST ${m}/admin-invitations`]: operator,

  [`GET ${m}/organisations`]: readRegistry,
  [`GET ${m}/organisations/{id}`]: readRegistry,
  [`POST ${m}/organisations`]: writeRegistry,
  [`PUT ${m}/organisations/{id}`]: writeRegistry,
  [`DELETE ${m}/organisations/{id}`]: writeRegistry,
  [`POST ${m}/organisations/{id}/restore`]: writeRegistry,
  [`GET ${m}/vehicles`]: readRegistry,
  [`GET ${m}/vehicles/{id}`]: readRegistry,
  [`POST ${m}/vehicles`]: writeRegistry,
  [`PUT ${m}/vehicles/{id}`]: writeRegistry,
  [`DELETE ${m}/vehicles/{id}`]: writeRegistry,
  [`POST ${m}/vehicles/{id}/restore`]: writeRegistry,
  [`GET ${m}/drivers`]: personal,
  [`GET ${m}/drivers/{id}`]: personal,
  [`POST ${m}/drivers`]: staffOnlyPersonal,
  [`PUT ${m}/drivers/{id}`]: staffOnlyPersonal,
  [`DELETE ${m}/drivers/{id}`]: staffOnlyPersonal,
  [`POST ${m}/drivers/{id}/restore`]: staffOnlyPersonal,
  [`GET ${m}/residents`]: personal,
  [`GET ${m}/residents/{id}`]: personal,
  [`POST ${m}/residents`]: personal,
  [`PUT ${m}/residents/{id}`]: personal,
  [`DELETE ${m}/residents/{id}`]: personal,
  [`POST ${m}/residents/{id}/restore`]: personal,
  [`GET ${m}/hubs`]: readRegistry,
  [`POST ${m}/hubs`]: writeRegistry,
  [`PUT ${m}/hubs/{id}`]: writeRegistry,
  [`DELETE ${m}/hubs/{id}`]: writeRegistry,
  [`POST ${m}/hubs/{id}/restore`]: writeRegistry,
  [`GET ${m}/drone-ports`]: readRegistry,
  [`POST ${m}/drone-ports`]: writeRegistry,
  [`PATCH ${m}/drone-ports/{id}`]: writeRegistry,
  [`DELETE ${m}/drone-ports/{id}`]: writeRegistry,
  [`POST ${m}/drone-ports/{id}/restore`]: writeRegistry,
  [`GET ${m}/drone-routes`]: readRegistry,
  [`POST ${m}/drone-routes`]: writeRegistry,
  [`PATCH ${m}/drone-routes/{id}`]: writeRegistry,
  [`DELETE ${m}/drone-routes/{id}`]: writeRegistry,
  [`POST ${m}/drone-routes/{id}/restore`]: writeRegistry,
  // A day's no-fly switch (weather) is an operational call coordinators make too.
  [`PUT ${m}/drone-routes/{id}/suspensions/{date}`]: readRegistry,
  [`DELETE ${m}/drone-routes/{id}/suspensions/{date}`]: readRegistry,
  [`POST ${m}/gtfs-imports`]: writeRegistry,
  [`GET ${m}/onboarding`]: readRegistry,
  [`POST ${m}/boundary-imports`]: writeRegistry,
  [`POST ${m}/mesh-imports`]: writeRegistry,
  [`POST ${m}/register-imports/places`]: writeRegistry,
  [`GET ${m}/register-exports/places`]: readRegistry,
  [`POST ${m}/register-imports/vehicles`]: writeRegistry,
  [`GET ${m}/register-exports/vehicles`]: readRegistry,
  [`POST ${m}/register-imports/drivers`]: staffOnlyPersonal,
  [`GET ${m}/register-exports/drivers`]: personal,
  [`POST ${m}/register-imports/residents`]: personal,
  [`GET ${m}/register-exports/residents`]: personal,
  [`GET ${m}/gtfs-feeds`]: readRegistry,
  [`GET ${m}/gtfs-feeds/{feedId}/departures`]: readRegistry,
  [`GET ${m}/gtfs-feeds/{feedId}/timetable`]: readRegistry,
  [`PUT ${m}/gtfs-feeds/{feedId}/trips/{tripId}/spare-capacity`]: writeRegistry,
  // Aggregates over the population mesh: no personal data, but planning work, not public.
  [`POST ${m}/coverage`]: readRegistry,
  [`POST ${m}/coverage/export`]: readRegistry,

  [`POST ${m}/requests`]: roles({
    municipal_staff: "municipality",
    coordinator: "municipality",
    resident: "own",
  }),
  [`GET ${m}/requests`]: requestAccess,
  [`GET ${m}/requests/{id}`]: requestAccess,
  // A resident may only cancel their own request (checked in the handler); drivers mark stops on run sheets later.
  [`POST ${m}/requests/{id}/transitions`]: roles({
    municipal_staff: "municipality",
    coordinator: "municipality",
    resident: "own",
  }),
  // Match runs (planning jobs): coordinators and municipal staff run and follow them.
  [`POST ${m}/match-runs`]: planning,
  [`GET ${m}/match-runs`]: planning,
  [`GET ${m}/match-runs/{runId}`]: planning,
  [`GET ${m}/match-runs/{runId}/events`]: planning,
  [`POST ${m}/match-runs/{runId}/cancel`]: planning,
  [`POST ${m}/match-runs/{runId}/retry`]: planning,
  // Effects of plans and cost sharing: planning figures (no personal data), for staff and coordinators.
  [`GET ${m}/match-runs/{runId}/effects`]: personal,
  [`GET ${m}/effects/history`]: personal,
  [`POST ${m}/cost-sharing`]: personal,
  // Plan review, approval and live insertion: coordinators and staff (plans show residents' points).
  [`GET ${m}/match-runs/{runId}/plan`]: planning,
  [`POST ${m}/match-runs/{runId}/plan/move`]: planning,
  [`POST ${m}/match-runs/{runId}/plan/driver`]: planning,
  [`POST ${m}/match-runs/{runId}/plan/approve`]: planning,
  [`POST ${m}/match-runs/{runId}/plan/reject`]: planning,
  [`POST ${m}/match-runs/{runId}/plan/withdraw-approval`]: planning,
  // The day's call list: names and phones of the residents not served (personal data, audited).
  [`GET ${m}/days/{date}/unserved`]: personal,
  [`POST ${m}/live-requests`]: planning,
  // Finding a caller's booking by name or phone: personal data, for those who plan the day.
  [`GET ${m}/request-search`]: planning,
  // Run sheets: drivers only for the vehicles they may drive (else 404, checked in the handler).
  [`GET ${m}/run-sheets`]: runSheets,
  [`GET ${m}/run-sheets/{runId}/{vehicleId}/{shift}`]: runSheets,
  [`POST ${m}/plan-stops/{stopId}/status`]: runSheets,
  // Undoing a mark within its 5 minutes: whoever may mark it (the window is checked in the domain).
  [`DELETE ${m}/plan-stops/{stopId}/status`]: runSheets,
};

export interface MatchedOperation {
  key: string;
  access: Access;
  params: Record<string, string>;
}

interface CompiledEntry {
  method: string;
  template: string;
  pattern: RegExp;
  params: string[];
  key: string;
  access: Access;
}

function compile(table: Readonly<Record<string, Access>>): CompiledEntry[] {
  return Object.entries(table)
    .map(([key, access]) => {
      const [method = "", template = ""] = key.split(" ");
      const params: string[] = [];
      const source = template
        .split("/")
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (param?.[1]) {
            params.push(param[1]);
            return "([^/]+)";
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        })
        .join("/");
      return { method, template, pattern: new RegExp(`^${source}/?$`), params, key, access };
    })
    .sort((a, b) => a.params.length - b.params.length); // literal segments win over parameters
}

const compiled = compile(PERMISSIONS);

/** The table entry for a concrete request, with its path parameters (decoded). */
export function matchOperation(method: string, path: string): MatchedOperation | undefined {
  const lookup = method === "HEAD" ? "GET" : method;
  for (const entry of compiled) {
    if (entry.method !== lookup) continue;
    const match = entry.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    entry.params.forEach((name, i) => {
      const raw = match[i + 1] ?? "";
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return { key: entry.key, access: entry.access, params };
  }
  return undefined;
}

/** Methods the table knows for a path (for 405 + Allow). */
export function knownMethods(path: string): string[] {
  return [...new Set(compiled.filter((e) => e.pattern.test(path)).map((e) => e.method))].sort();
}
