import { expect } from "vitest";
import { ProblemSchema } from "../lib/openapi";
import type { as } from "./testApp";

/** Small request helpers of the route tests (test files only: they assert with vitest). */
/** A JSON POST by a signed-in caller (an `as(...)` function). */
export function post(call: ReturnType<typeof as>, url: string, body: unknown) {
  return call(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The problem+json body of an error response (and asserts that it is problem+json). */
export async function problem(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(await response.json());
}
