export * from "./parse";
export * from "./service";
export * from "./types";
