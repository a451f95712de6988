export { type DemoContacts, demoContacts } from "./addresses";
export { DEMO_DRIVER_ID } from "./fleet";
export { DEMO_MUNICIPALITY_CODE, DEMO_TOWN_NAME, generateDemoTown } from "./generate";
export {
  DEFAULT_DEMO_SEED,
  type DemoOptionIssue,
  type DemoOptionsResult,
  DemoTownOptionsError,
  type ResolvedDemoOptions,
  validateDemoTownOptions,
} from "./options";
export { MIN_WEEKDAY_REQUESTS } from "./requests";
export type * from "./types";
