import type { RouteHandler } from "@hono/zod-openapi";
import { evaluateLegs, waitingTime } from "@tsunagu/effects";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import { legIssuesToProblems, waitingIssuesToProblems } from "./effects.convert";
import type { postEffectsLegs, postEffectsWaiting } from "./effects.routes";

export const effectsLegsHandler: RouteHandler<typeof postEffectsLegs, AppEnv> = (c) => {
  const result = evaluateLegs(c.req.valid("json"));
  if (result.status === "invalid") {
    const errors = legIssuesToProblems(result.errors);
    const first = errors[0]?.message ?? "A leg is invalid.";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new ApiProblem(422, "invalid_leg", `${first}${more}`, { errors });
  }
  return c.json(result.report, 200);
};

export const effectsWaitingHandler: RouteHandler<typeof postEffectsWaiting, AppEnv> = (c) => {
  const result = waitingTime(c.req.valid("json"));
  if (result.status === "invalid") {
    throw new ApiProblem(422, "validation_failed", "The request has invalid fields.", {
      errors: waitingIssuesToProblems(result.errors),
    });
  }
  return c.json(result.report, 200);
};
