import type { CostSharingRequest, CostSharingResponse } from "@tsunagu/contract";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { planEffectsApi } from "./planApi";

const body: CostSharingRequest = {
  from: "2026-05-11",
  to: "2026-05-12",
  yearlyCost: 1000,
  parties: [{ id: "town", name: "町", organisationIds: [], residents: true }],
};
const result = { from: "2026-05-11", to: "2026-05-12", parties: [] } as unknown as CostSharingResponse;

/** A response whose body arrives in the given chunks (a line may be cut anywhere). */
function streamOf(chunks: string[], init: ResponseInit = {}) {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    }),
    { status: 200, headers: { "content-type": "application/x-ndjson" }, ...init },
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("planEffectsApi.costSharing (newline-delimited JSON)", () => {
  it("reports each progress line and returns the result, whatever the chunking", async () => {
    const text = [
      JSON.stringify({ type: "progress", done: 0, total: 14 }),
      JSON.stringify({ type: "progress", done: 9, total: 14 }),
      JSON.stringify({ type: "result", result }),
    ].join("\n");
    // Cut the text into 7-byte chunks, so lines arrive in pieces.
    const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => streamOf(chunks)),
    );
    const seen: [number, number][] = [];
    const got = await planEffectsApi.costSharing("990001", body, (done, total) => seen.push([done, total]));
    expect(seen).toEqual([
      [0, 14],
      [9, 14],
    ]);
    expect(got).toEqual(result);
  });

  it("throws the error line, a stream that ends without a result, and a 422 problem as ApiError", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        streamOf([`${JSON.stringify({ type: "error", title: "internal_error", detail: "x" })}\n`]),
      ),
    );
    await expect(planEffectsApi.costSharing("990001", body, () => {})).rejects.toMatchObject({
      code: "internal_error",
    });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => streamOf([`${JSON.stringify({ type: "progress", done: 1, total: 2 })}\n`])),
    );
    await expect(planEffectsApi.costSharing("990001", body, () => {})).rejects.toBeInstanceOf(ApiError);
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              title: "validation_failed",
              errors: [{ path: "body.to", message: "too long", code: "too_many_matchings" }],
            }),
            { status: 422, headers: { "content-type": "application/problem+json" } },
          ),
      ),
    );
    const refused = await planEffectsApi.costSharing("990001", body, () => {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).errors[0]?.code).toBe("too_many_matchings");
  });
});
