import type {
  AuditQuery,
  BoundaryImportResult,
  Driver,
  DriverInput,
  DronePort,
  DroneRoute,
  GtfsFeedSummary,
  GtfsImportResult,
  GtfsTimetable,
  Hub,
  ManagedMunicipality,
  MapConfig,
  MapLayers,
  Municipality,
  OnboardingStatus,
  Organisation,
  OrganisationInput,
  OutboxMessage,
  Place,
  PlaceInput,
  PopulationImportResult,
  RegisterImportResult,
  RegisterKindName,
  RegistryArchived,
  RequestCreated,
  RequestInput,
  RequestPage,
  Resident,
  ResidentInput,
  Role,
  Session,
  Vehicle,
  VehicleInput,
} from "@tsunagu/contract";

/** A problem+json response from the API, kept whole so pages can show field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors: ReadonlyArray<{ path: string; message: string; code?: string }> = [],
    /** The whole problem+json body: some problems carry more members (a refused move's `reason`). */
    readonly problem: Readonly<Record<string, unknown>> = {},
  ) {
    super(code);
  }
}

/**
 * The CSRF token for unsafe requests: the server sets it in the readable
 * tsunagu_csrf cookie at sign-in and checks it against the session.
 */
export function csrfHeader(): Record<string, string> {
  const match = /(?:^|;\s*)tsunagu_csrf=([^;]+)/.exec(typeof document === "undefined" ? "" : document.cookie);
  return match?.[1] ? { "x-csrf-token": decodeURIComponent(match[1]) } : {};
}

/**
 * Every API call goes through here, so what all requests need (the problem+json
 * error model now; session headers such as a CSRF token later) lives in one place.
 */
async function call<T>(
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { accept: "application/json", ...(method === "GET" ? {} : csrfHeader()), ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  if (!response.ok) throw await problemError(response);
  // 204 No Content (a deletion) has no body to parse.
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The ApiError of a failed response, from its problem+json body (empty when it has none). */
export async function problemError(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as { title?: string; errors?: [] };
  return new ApiError(response.status, problem.title ?? "http_error", problem.errors ?? [], problem);
}

const getJson = <T>(path: string) => call<T>("GET", path);

const postJson = <T>(path: string, body: unknown, headers: Record<string, string> = {}) =>
  call<T>("POST", path, {
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

/** Any method, with a JSON body when there is one (the feature modules' API objects build on it). */
export const sendJson = <T>(method: "GET" | "PUT" | "POST" | "DELETE", path: string, body?: unknown) =>
  call<T>(
    method,
    path,
    body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } },
  );

/** Sends a file's bytes as they are (a GTFS-JP zip), not as a multipart form. */
const postBytes = <T>(path: string, body: Blob, contentType: string) =>
  call<T>("POST", path, { body, headers: { "content-type": contentType } });

/** Body of a hub create/replace (HubInputSchema). */
export interface HubBody {
  placeId: string;
  opensAt: string;
  closesAt: string;
  minTransferMinutes: number;
}
/** Body of a drone port create (DronePortInputSchema). */
export interface DronePortBody {
  name: string;
  lat: number;
  lon: number;
  placeId: string | null;
}
/** Body of a drone route create (DroneRouteInputSchema). */
export interface DroneRouteBody {
  fromPortId: string;
  toPortId: string;
  maxPayloadKg: number;
  /** Null: no volume limit. */
  maxPayloadLitres: number | null;
  rangeKm: number;
  operatingFrom: string;
  operatingTo: string;
  days: number[];
}
/** Spare room a scheduled trip offers (SpareCapacityInputSchema). */
export interface SpareCapacity {
  spareSeats: number;
  spareCargoKg: number;
  spareCargoLitres: number;
}

const m = (code: string) => `/api/v1/municipalities/${encodeURIComponent(code)}`;

/** A registry list's query: archived records only when asked (「保管済みも表示」). */
const archivedQuery = (archived: boolean) => (archived ? "?archived=true" : "");

/** The registry collections whose records are deleted, or archived while still in use. */
export type ArchivableCollection =
  | "organisations"
  | "vehicles"
  | "drivers"
  | "residents"
  | "hubs"
  | "drone-ports"
  | "drone-routes";

/** Removing and restoring registry records, the same for every archivable collection. */
export const archiveApi = {
  /** Undefined when the record was deleted (204); the reason when it was archived instead (200). */
  remove: (code: string, collection: ArchivableCollection, id: string) =>
    sendJson<RegistryArchived | undefined>("DELETE", `${m(code)}/${collection}/${encodeURIComponent(id)}`),
  restore: (code: string, collection: ArchivableCollection, id: string) =>
    sendJson<unknown>("POST", `${m(code)}/${collection}/${encodeURIComponent(id)}/restore`),
};

/** Auth calls: sign-out answers 204 without a body, a missing session 401. */
export const authApi = {
  signIn: (email: string, password: string) => postJson<Session>("/api/v1/auth/sign-in", { email, password }),
  /** The current session, or null when nobody is signed in. */
  async session(): Promise<Session | null> {
    try {
      return await getJson<Session>("/api/v1/auth/session");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async signOut(): Promise<void> {
    await fetch("/api/v1/auth/sign-out", { method: "POST", headers: csrfHeader() });
  },
  /** Sets the password with an invitation link and signs the new account in. */
  acceptInvitation: (token: string, newPassword: string) =>
    postJson<Session>("/api/v1/auth/invitation", { token, newPassword }),
};

/** The platform operator's (運営者) municipalities and the mail about their first admins. */
export const platformApi = {
  municipalities: () => getJson<{ items: ManagedMunicipality[] }>("/api/v1/platform/municipalities"),
  /** The form's fields and, when chosen, the N03 file (field `boundary`). */
  create: (form: FormData) =>
    call<{ municipality: ManagedMunicipality; invitation: ResetLink }>("POST", "/api/v1/municipalities", {
      body: form,
    }),
  archive: (code: string) => sendJson<ManagedMunicipality>("POST", `${m(code)}/archive`),
  unarchive: (code: string) => sendJson<ManagedMunicipality>("POST", `${m(code)}/unarchive`),
  reinvite: (code: string) => sendJson<ResetLink>("POST", `${m(code)}/admin-invitations`),
  outbox: () => getJson<{ items: OutboxMessage[] }>("/api/v1/platform/outbox"),
};

export const api = {
  places: (code: string) => getJson<{ items: Place[] }>(`${m(code)}/places`),
  createPlace: (code: string, body: PlaceInput) => sendJson<Place>("POST", `${m(code)}/places`, body),
  residents: (code: string, archived = false) =>
    getJson<{ items: Resident[] }>(`${m(code)}/residents${archivedQuery(archived)}`),
  createResident: (code: string, body: ResidentInput) =>
    sendJson<Resident>("POST", `${m(code)}/residents`, body),
  replaceResident: (code: string, id: string, body: ResidentInput) =>
    sendJson<Resident>("PUT", `${m(code)}/residents/${encodeURIComponent(id)}`, body),
  organisations: (code: string, archived = false) =>
    getJson<{ items: Organisation[] }>(`${m(code)}/organisations${archivedQuery(archived)}`),
  createOrganisation: (code: string, body: OrganisationInput) =>
    sendJson<Organisation>("POST", `${m(code)}/organisations`, body),
  replaceOrganisation: (code: string, id: string, body: OrganisationInput) =>
    sendJson<Organisation>("PUT", `${m(code)}/organisations/${encodeURIComponent(id)}`, body),
  drivers: (code: string, archived = false) =>
    getJson<{ items: Driver[] }>(`${m(code)}/drivers${archivedQuery(archived)}`),
  createDriver: (code: string, body: DriverInput) => sendJson<Driver>("POST", `${m(code)}/drivers`, body),
  replaceDriver: (code: string, id: string, body: DriverInput) =>
    sendJson<Driver>("PUT", `${m(code)}/drivers/${encodeURIComponent(id)}`, body),
  /** The Idempotency-Key makes a double tap or a retry after a dropped connection create one request. */
  /** With `placement` when the day's plan was already approved (inserted, or why not). */
  createRequest: (code: string, body: RequestInput, idempotencyKey: string) =>
    postJson<RequestCreated>(`${m(code)}/requests`, body, { "idempotency-key": idempotencyKey }),
  /** A resident account gets only its own requests (the server scopes the list). */
  requests: (code: string, query: { limit?: number; date?: string } = {}) => {
    const params = new URLSearchParams(
      Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    );
    return getJson<RequestPage>(`${m(code)}/requests${params.size > 0 ? `?${params}` : ""}`);
  },
  vehicles: (code: string, archived = false) =>
    getJson<{ items: Vehicle[] }>(`${m(code)}/vehicles${archivedQuery(archived)}`),
  vehicle: (code: string, id: string) => getJson<Vehicle>(`${m(code)}/vehicles/${encodeURIComponent(id)}`),
  createVehicle: (code: string, body: VehicleInput) => sendJson<Vehicle>("POST", `${m(code)}/vehicles`, body),
  replaceVehicle: (code: string, id: string, body: VehicleInput) =>
    sendJson<Vehicle>("PUT", `${m(code)}/vehicles/${encodeURIComponent(id)}`, body),
  hubs: (code: string, archived = false) =>
    getJson<{ items: Hub[] }>(`${m(code)}/hubs${archivedQuery(archived)}`),
  createHub: (code: string, body: HubBody) => sendJson<Hub>("POST", `${m(code)}/hubs`, body),
  replaceHub: (code: string, id: string, body: HubBody) =>
    sendJson<Hub>("PUT", `${m(code)}/hubs/${encodeURIComponent(id)}`, body),
  dronePorts: (code: string, archived = false) =>
    getJson<{ items: DronePort[] }>(`${m(code)}/drone-ports${archivedQuery(archived)}`),
  createDronePort: (code: string, body: DronePortBody) =>
    sendJson<DronePort>("POST", `${m(code)}/drone-ports`, body),
  droneRoutes: (code: string, archived = false) =>
    getJson<{ items: DroneRoute[] }>(`${m(code)}/drone-routes${archivedQuery(archived)}`),
  createDroneRoute: (code: string, body: DroneRouteBody) =>
    sendJson<DroneRoute>("POST", `${m(code)}/drone-routes`, body),
  suspendDroneRoute: (code: string, id: string, date: string, reason: string) =>
    sendJson<DroneRoute>(
      "PUT",
      `${m(code)}/drone-routes/${encodeURIComponent(id)}/suspensions/${encodeURIComponent(date)}`,
      { reason },
    ),
  liftDroneSuspension: (code: string, id: string, date: string) =>
    sendJson<DroneRoute>(
      "DELETE",
      `${m(code)}/drone-routes/${encodeURIComponent(id)}/suspensions/${encodeURIComponent(date)}`,
    ),
  gtfsFeeds: (code: string) => getJson<{ items: GtfsFeedSummary[] }>(`${m(code)}/gtfs-feeds`),
  gtfsTimetable: (code: string, feedId: string) =>
    getJson<GtfsTimetable>(`${m(code)}/gtfs-feeds/${encodeURIComponent(feedId)}/timetable`),
  setSpareCapacity: (code: string, feedId: string, tripId: string, body: SpareCapacity) =>
    sendJson<SpareCapacity & { tripId: string }>(
      "PUT",
      `${m(code)}/gtfs-feeds/${encodeURIComponent(feedId)}/trips/${encodeURIComponent(tripId)}/spare-capacity`,
      body,
    ),
  /** The zip goes as the body with content-type application/zip; a refused feed answers 422 with `errors`. */
  importGtfs: (code: string, zip: Blob) =>
    postBytes<GtfsImportResult>(`${m(code)}/gtfs-imports`, zip, "application/zip"),
  onboarding: (code: string) => getJson<OnboardingStatus>(`${m(code)}/onboarding`),
  /** An N03 GeoJSON file as it is (UTF-8 or Shift_JIS: the server decodes it). */
  importBoundary: (code: string, file: Blob) =>
    postBytes<BoundaryImportResult>(`${m(code)}/boundary-imports`, file, "application/octet-stream"),
  /** One e-Stat zip as the body, several as a multipart form (field `files`). */
  importPopulation: (code: string, files: readonly File[]) => {
    if (files.length === 1)
      return postBytes<PopulationImportResult>(
        `${m(code)}/mesh-imports`,
        files[0] as File,
        "application/zip",
      );
    const form = new FormData();
    for (const f of files) form.append("files", f, f.name);
    return call<PopulationImportResult>("POST", `${m(code)}/mesh-imports`, { body: form });
  },
  importRegister: (code: string, kind: RegisterKindName, file: Blob) =>
    postBytes<RegisterImportResult>(`${m(code)}/register-imports/${kind}`, file, "application/octet-stream"),
  /** Where the browser downloads a register in the layout its import reads. */
  registerExportUrl: (code: string, kind: RegisterKindName, format: "csv" | "xlsx") =>
    `${m(code)}/register-exports/${kind}?format=${format}`,
  municipalities: () => getJson<{ items: Municipality[] }>("/api/v1/municipalities"),
  mapConfig: () => getJson<MapConfig>("/api/v1/map-config"),
  mapLayers: (code: string) =>
    getJson<MapLayers>(`/api/v1/municipalities/${encodeURIComponent(code)}/map-layers`),
};

/** An account as GET …/users lists it (UserAccountSchema; the contract exports the schema, not the type). */
export interface UserAccount {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  municipalityCode: string | null;
  residentId: string | null;
  driverId: string | null;
  disabledAt: string | null;
  createdAt: string;
}
/** One line of the audit log (AuditEntrySchema). */
export interface AuditEntry {
  id: number;
  at: string;
  municipalityCode: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  residentId: string | null;
  ip: string | null;
  requestId: string | null;
}
/** Body of an account create (UserInputSchema); platform_admin accounts are not made here. */
export interface UserBody {
  email: string;
  displayName: string;
  role: Exclude<Role, "platform_admin">;
  residentId: string | null;
  driverId: string | null;
}
/**
 * A one-time link was mailed to the account's address (the outbox message
 * `messageId`). In demo mode the answer carries the link as well; the server
 * keeps only a hash, so this is the only time it can be shown.
 */
export interface ResetLink {
  resetPath?: string;
  expiresAt: string;
  messageId: string;
}
/** Filters of the audit log (AuditQuerySchema); `from`/`to` are ISO date-times. */
export type AuditFilter = AuditQuery;

/** PUT/POST answered by 204 without a body, with the CSRF header and problem+json errors as `call()` has them. */
async function sendNoContent(method: "PUT" | "POST", path: string, body?: unknown): Promise<void> {
  const response = await fetch(path, {
    method,
    headers: {
      accept: "application/json",
      ...csrfHeader(),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: string; errors?: [] };
    throw new ApiError(response.status, problem.title ?? "http_error", problem.errors ?? [], problem);
  }
}

/** Accounts, the audit log, a resident's own data, and passwords. */
export const accountsApi = {
  users: (code: string) => getJson<{ items: UserAccount[] }>(`${m(code)}/users`),
  createUser: (code: string, body: UserBody) =>
    sendJson<{ user: UserAccount; reset: ResetLink }>("POST", `${m(code)}/users`, body),
  issueReset: (code: string, userId: string) =>
    sendJson<ResetLink>("POST", `${m(code)}/users/${encodeURIComponent(userId)}/password-resets`),
  /** 利用停止 (`stop`) or 利用再開: a stopped account's sessions and links end at once. */
  setDisabled: (code: string, userId: string, stop: boolean) =>
    sendJson<UserAccount>(
      "POST",
      `${m(code)}/users/${encodeURIComponent(userId)}/${stop ? "disable" : "enable"}`,
    ),
  auditLog(code: string, filter: AuditFilter) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== "") query.set(key, String(value));
    }
    return getJson<{ items: AuditEntry[] }>(`${m(code)}/audit-log?${query}`);
  },
  /** Everything held about the signed-in resident, as the JSON the server sends for download. */
  myData: () => getJson<Record<string, unknown>>("/api/v1/me/data"),
  eraseMe: () => sendJson<{ erasedAt: string }>("POST", "/api/v1/me/erasure", { confirm: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    sendNoContent("PUT", "/api/v1/auth/password", { currentPassword, newPassword }),
  redeemReset: (token: string, newPassword: string) =>
    sendNoContent("POST", "/api/v1/auth/password-reset", { token, newPassword }),
  signOutEverywhere: () => sendNoContent("POST", "/api/v1/auth/sign-out-everywhere"),
};
