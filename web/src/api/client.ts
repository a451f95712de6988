import type { MapConfig, MapLayers, Municipality } from "@tsunagu/contract";

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

export const api = {
  municipalities: () => getJson<{ items: Municipality[] }>("/api/v1/municipalities"),
  mapConfig: () => getJson<MapConfig>("/api/v1/map-config"),
  mapLayers: (code: string) =>
    getJson<MapLayers>(`/api/v1/municipalities/${encodeURIComponent(code)}/map-layers`),
};
