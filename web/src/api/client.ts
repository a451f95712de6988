import type {
  MapConfig,
  MapLayers,
  Municipality,
  Place,
  RequestInput,
  Resident,
  TransportRequest,
} from "@tsunagu/contract";

/** A problem+json response from the API, kept whole so pages can show field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(code);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: string; errors?: [] };
    throw new ApiError(response.status, problem.title ?? "http_error", problem.errors ?? []);
  }
  return (await response.json()) as T;
}

async function postJson<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: string; errors?: [] };
    throw new ApiError(response.status, problem.title ?? "http_error", problem.errors ?? []);
  }
  return (await response.json()) as T;
}

const m = (code: string) => `/api/v1/municipalities/${encodeURIComponent(code)}`;

export const api = {
  places: (code: string) => getJson<{ items: Place[] }>(`${m(code)}/places`),
  residents: (code: string) => getJson<{ items: Resident[] }>(`${m(code)}/residents`),
  /** The Idempotency-Key makes a double tap or a retry after a dropped connection create one request. */
  createRequest: (code: string, body: RequestInput, idempotencyKey: string) =>
    postJson<TransportRequest>(`${m(code)}/requests`, body, { "idempotency-key": idempotencyKey }),
  municipalities: () => getJson<{ items: Municipality[] }>("/api/v1/municipalities"),
  mapConfig: () => getJson<MapConfig>("/api/v1/map-config"),
  mapLayers: (code: string) =>
    getJson<MapLayers>(`/api/v1/municipalities/${encodeURIComponent(code)}/map-layers`),
};
