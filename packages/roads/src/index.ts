/**
 * @tsunagu/roads — road networks from OpenStreetMap: import, speed profiles per vehicle kind,
 * snapping, contraction-hierarchy routes and matrices, and the blobs to store them. Pure: bytes
 * and records in, results out (no files, HTTP, database or logging).
 */
export type { TypedArray } from "./blob";
export {
  type DecodeGraphResult,
  decodeGraph,
  edgeCount,
  edgeTail,
  encodeGraph,
  graphContentHash,
  nodeLonLat,
  type RoadGraph,
} from "./graph";
export {
  type ImportError,
  type ImportOptions,
  type ImportReport,
  type ImportResult,
  importOsm,
  largestComponentShare,
  type RestrictionSkip,
} from "./import";
export {
  detectOsmFormat,
  type OsmFormat,
  type OsmInput,
  type OsmMember,
  type OsmReadError,
  type OsmReadErrorCode,
  type OsmReadResult,
  type OsmSink,
  type OsmTags,
  readOsm,
} from "./osm/read";
export {
  ACCESS_BITS,
  type AccessCategory,
  classifyRestriction,
  classifyWay,
  DROP_REASONS,
  type DropReason,
  HIGHWAY_CLASSES,
  type HighwayClass,
  parseMaxspeed,
  WAY_FLAGS,
  type WayAttributes,
  type WayVerdict,
} from "./osm/tags";
export {
  canUse,
  DEFAULT_PROFILES,
  type DefaultProfileId,
  edgeTimesMs,
  PROFILE_OF_VEHICLE_KIND,
  profileHash,
  type SpeedProfile,
  speedKmh,
  withOverrides,
} from "./profiles";
export { type DecodePreparedResult, decodePreparedProfile, encodePreparedProfile } from "./routing/cache";
export {
  buildHierarchy,
  type Hierarchy,
  type HierarchyOptions,
  unpackEdge,
  type WeightedGraph,
} from "./routing/ch";
export { dijkstraMatrix } from "./routing/dijkstra";
export { type Nearest, nearestByNetwork } from "./routing/nearest";
export {
  matrix,
  type PreparedProfile,
  pointOn,
  prepareProfile,
  type Route,
  route,
  type TravelMatrix,
} from "./routing/query";
export { buildRoutingGraph, type RoutingGraph } from "./routing/routingGraph";
export type { Access, Waypoint } from "./routing/waypoint";
export { buildSnapIndex, type Snap, type SnapIndex, type SnapOptions, snap } from "./snap";
