export { insertLive, type LiveInsertResult, type LivePlan, type LiveRoute, prepareLivePlan } from "./live";
export * from "./matrix";
export * from "./model";
export { betterResult, type ParallelOptions, solveParallel } from "./parallel";
export * from "./regional/index";
export { DEFAULT_OPTIONS, solve } from "./solve";
export { validateProblem } from "./validate";
