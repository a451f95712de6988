import type { CoverageRequest, CoverageResponse } from "@tsunagu/contract";
import { ApiError, csrfHeader } from "../api/client";
import { saveFile } from "../ui/saveFile";

const base = (code: string) => `/api/v1/municipalities/${encodeURIComponent(code)}`;

async function problem(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as {
    title?: string;
    errors?: { path: string; message: string }[];
  };
  return new ApiError(response.status, body.title ?? "http_error", body.errors ?? []);
}

function post(path: string, body: CoverageRequest) {
  return fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...csrfHeader() },
    body: JSON.stringify(body),
  });
}

/** The 交通空白 analysis API, typed by the shared contract. */
export const coverageApi = {
  async run(code: string, body: CoverageRequest): Promise<CoverageResponse> {
    const response = await post(`${base(code)}/coverage`, body);
    if (!response.ok) throw await problem(response);
    return (await response.json()) as CoverageResponse;
  },

  /**
   * Fetches the export and hands it to the browser as a download. The body
   * (the what-if zones) is too large for a link, hence a POST and a blob.
   */
  async download(code: string, body: CoverageRequest, format: "csv" | "geojson"): Promise<void> {
    const response = await post(`${base(code)}/coverage/export?format=${format}`, body);
    if (!response.ok) throw await problem(response);
    const disposition = response.headers.get("content-disposition") ?? "";
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `coverage.${format}`;
    saveFile(await response.blob(), name);
  },
};
