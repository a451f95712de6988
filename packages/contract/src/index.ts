export * from "./auth";
export * from "./coverage";
export * from "./effects";
export * from "./geojson";
export * from "./gtfs";
export * from "./municipality";
export * from "./registry";
export * from "./requests";
