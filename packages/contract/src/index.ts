export * from "./effects";
export * from "./geojson";
export * from "./municipality";
export * from "./registry";
export * from "./requests";
export * from "./gtfs";
export * from "./coverage";
