import { z } from "zod";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string().meta({ description: "Stable machine code, e.g. validation_failed." }),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
  })
  .meta({ id: "Problem" });

const descriptions: Record<number, string> = {
  400: "Malformed request (e.g. JSON that does not parse).",
  401: "Not signed in.",
  403: "Signed in, but the role may not do this.",
  404: "No such resource (or not yours).",
  409: "Conflicts with the resource's current state.",
  413: "Body too large.",
  415: "Unsupported content type.",
  422: "Validation failed; `errors` lists each field.",
  429: "Too many requests; retry after the Retry-After header.",
};

/** OpenAPI response entries for the problem+json errors a route can return. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        content: { "application/problem+json": { schema: ProblemSchema } },
        description: descriptions[status] ?? "Error",
      },
    ]),
  );
}
