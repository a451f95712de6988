import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldProblem } from "../domain/errors";

/** Field problems from zod issues: one mapping, shared with the domain's own re-checks. */
export { fieldProblems } from "../domain/errors";
export type { FieldProblem };

/**
 * RFC 9457 problem details. `title` is a stable machine code the web client
 * turns into a Japanese/English message; `detail` is a human sentence in
 * English for developers and logs. No stack traces, SQL or internals ever.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** A domain or HTTP error that maps to one problem+json response. */
export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    detail: string,
    readonly extras: { errors?: FieldProblem[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
  }
}

export const problemType = (code: string) => `urn:tsunagu:problem:${code}`;

export function problemJson(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  extras: { errors?: FieldProblem[]; headers?: Record<string, string>; [k: string]: unknown } = {},
): Response {
  const { headers, ...rest } = extras;
  const body: ProblemBody = {
    type: problemType(code),
    title: code,
    status,
    detail,
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId"),
    ...rest,
  };
  return c.body(JSON.stringify(body), status, {
    "content-type": "application/problem+json; charset=utf-8",
    ...headers,
  });
}
