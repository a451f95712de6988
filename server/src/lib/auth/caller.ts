import type { Context } from "hono";
import type { AppEnv, Caller } from "../env";
import { ApiProblem } from "../problem";

/** The signed-in caller; the authorize middleware has already refused anonymous calls to non-public operations. */
export function callerOf(c: Context<AppEnv>): Caller {
  const caller = c.get("caller");
  if (!caller) throw new ApiProblem(401, "unauthenticated", "Sign in first.");
  return caller;
}
