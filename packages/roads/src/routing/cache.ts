import { decodeBlob, encodeBlob, type TypedArray, type TypedArrayConstructor } from "../blob";
import type { Hierarchy } from "./ch";
import type { PreparedProfile } from "./query";
import type { Access } from "./waypoint";

/**
 * A prepared profile as one blob, so a server builds each hierarchy once and reloads it at
 * start. The blob names the graph (content hash) and the profile (hash of every speed and
 * rule) it was built for; `decodePreparedProfile` refuses it for any other, which is how a
 * re-import or a changed speed table invalidates the cache.
 */
const MAGIC = "TSUNAGU-ROADSCH1";
const FORMAT_VERSION = 1;

type HierarchyArray = Exclude<keyof Hierarchy, "nodeCount">;
const HIERARCHY_FIELDS: readonly (readonly [HierarchyArray, TypedArrayConstructor])[] = [
  ["rank", Uint32Array],
  ["upFirst", Uint32Array],
  ["upHead", Uint32Array],
  ["upTime", Uint32Array],
  ["upDist", Uint32Array],
  ["upEdge", Uint32Array],
  ["downFirst", Uint32Array],
  ["downTail", Uint32Array],
  ["downTime", Uint32Array],
  ["downDist", Uint32Array],
  ["downEdge", Uint32Array],
  ["child1", Int32Array],
  ["child2", Int32Array],
  ["baseEdge", Int32Array],
];
const ACCESS_FIELDS: readonly (readonly [keyof Access, TypedArrayConstructor])[] = [
  ["edgeTimeMs", Uint32Array],
  ["headOf", Int32Array],
  ["tailsFirst", Uint32Array],
  ["tails", Uint32Array],
];

interface CacheMeta {
  readonly profileId: string;
  readonly profileHash: string;
  readonly graphHash: string;
  readonly nodeCount: number;
}

export function encodePreparedProfile(p: PreparedProfile): Uint8Array {
  const meta: CacheMeta = {
    profileId: p.profileId,
    profileHash: p.profileHash,
    graphHash: p.graphHash,
    nodeCount: p.hierarchy.nodeCount,
  };
  return encodeBlob(MAGIC, FORMAT_VERSION, meta, [
    ...HIERARCHY_FIELDS.map(([name]) => p.hierarchy[name] as TypedArray),
    ...ACCESS_FIELDS.map(([name]) => p.access[name] as TypedArray),
  ]);
}

export type DecodePreparedResult =
  | { readonly ok: true; readonly prepared: PreparedProfile }
  | { readonly ok: false; readonly stale: boolean; readonly message: string };

/**
 * Reads a cached prepared profile. `stale: true` means a good blob built for another graph or
 * profile: rebuild it. Otherwise a failure means the blob is damaged or of another version.
 */
export function decodePreparedProfile(
  bytes: Uint8Array,
  expected: { readonly graphHash: string; readonly profileHash: string },
): DecodePreparedResult {
  const blob = decodeBlob(bytes, "routing cache", MAGIC, FORMAT_VERSION, [
    ...HIERARCHY_FIELDS.map(([, Ctor]) => Ctor),
    ...ACCESS_FIELDS.map(([, Ctor]) => Ctor),
  ]);
  if (!blob.ok) return { ok: false, stale: false, message: blob.message };
  const meta = blob.meta as Partial<CacheMeta> | null;
  if (
    typeof meta?.profileId !== "string" ||
    typeof meta.graphHash !== "string" ||
    typeof meta.profileHash !== "string" ||
    typeof meta.nodeCount !== "number"
  )
    return { ok: false, stale: false, message: "routing cache header is damaged" };
  if (meta.graphHash !== expected.graphHash)
    return { ok: false, stale: true, message: "routing cache was built for another road graph" };
  if (meta.profileHash !== expected.profileHash)
    return {
      ok: false,
      stale: true,
      message: `routing cache was built for other "${meta.profileId}" speeds`,
    };
  const h = HIERARCHY_FIELDS.length;
  const hierarchy = {
    nodeCount: meta.nodeCount,
    ...Object.fromEntries(HIERARCHY_FIELDS.map(([name], i) => [name, blob.arrays[i]])),
  } as unknown as Hierarchy;
  const access = Object.fromEntries(
    ACCESS_FIELDS.map(([name], i) => [name, blob.arrays[h + i]]),
  ) as unknown as Access;
  if (hierarchy.upFirst.length !== meta.nodeCount + 1 || hierarchy.downFirst.length !== meta.nodeCount + 1)
    return { ok: false, stale: false, message: "routing cache header is damaged" };
  return {
    ok: true,
    prepared: {
      profileId: meta.profileId,
      profileHash: meta.profileHash,
      graphHash: meta.graphHash,
      access,
      hierarchy,
    },
  };
}
