export * from "./area";
export * from "./coverage";
export * from "./estat";
export * from "./gtfs";
export * from "./mesh";
export * from "./stations";
export * from "./whatif";
export * from "./zip";
