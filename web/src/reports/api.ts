import type {
  EffectsExportFormat,
  EffectsLegsRequest,
  EffectsLegsResponse,
  EffectsWaitingRequest,
  EffectsWaitingResponse,
  EffectsWorkedExampleResponse,
} from "@tsunagu/contract";
import { ApiError } from "../api/client";
import { saveFile } from "../ui/saveFile";

/** The public effects calculator's endpoints (no sign-in). */

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, {
    ...init,
    headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      title?: string;
      errors?: { path: string; message: string }[];
    };
    throw new ApiError(response.status, problem.title ?? "http_error", problem.errors ?? []);
  }
  return response;
}

const post = (path: string, body: unknown) => send(path, { method: "POST", body: JSON.stringify(body) });

/** A file the browser should save, with the name the server gave it. */
export interface Download {
  blob: Blob;
  filename: string;
}

export const effectsApi = {
  legs: async (body: EffectsLegsRequest) =>
    (await (await post("/api/v1/effects/legs", body)).json()) as EffectsLegsResponse,
  waiting: async (body: EffectsWaitingRequest) =>
    (await (await post("/api/v1/effects/waiting", body)).json()) as EffectsWaitingResponse,
  workedExample: async () =>
    (await (await send("/api/v1/effects/examples/worked")).json()) as EffectsWorkedExampleResponse,
  exportLegs: async (body: EffectsLegsRequest, format: EffectsExportFormat): Promise<Download> => {
    const response = await post(`/api/v1/effects/legs/export?format=${format}`, body);
    const disposition = response.headers.get("content-disposition") ?? "";
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `tsunagu-co2-report.${format}`;
    return { blob: await response.blob(), filename };
  },
};

/** Saves a downloaded export (a POST answer, so a plain link cannot fetch it). */
export const saveDownload = ({ blob, filename }: Download) => saveFile(blob, filename);
