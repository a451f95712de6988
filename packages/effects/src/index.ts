export * from "./costSharing";
export * from "./emissions";
export * from "./examples";
export * from "./factors";
export * from "./report";
export * from "./rounding";
export * from "./waiting";
