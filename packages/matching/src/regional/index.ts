export { type CheckOptions, checkRegionalPlan } from "./check";
export { COLD_SKILL, type RegionalSolveOptions, WHEELCHAIR_SKILL } from "./context";
export { breakShifts, type DriverMiss } from "./drivers";
export {
  type AssignDriverResult,
  assignRouteDriver,
  type InsertIntoPlanOptions,
  type InsertIntoPlanResult,
  insertIntoPlan,
  removeFromPlan,
} from "./edit";
export type * from "./model";
export * from "./providers";
export { type RoadCoreProblem, roadCoreProblem } from "./road";
export { solveRegional } from "./solve";
export {
  buildRegionalTravel,
  buildRegionalTravelSync,
  pointKey,
  type RegionalTravel,
  regionalPoints,
  regionalProfiles,
  type TravelResult,
  UNREACHABLE_SECONDS,
  walkMeters,
  walkSeconds,
} from "./travel";
export { validateRegionalProblem } from "./validate";
