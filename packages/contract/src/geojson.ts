import { z } from "zod";

/** Loose GeoJSON shapes for API responses (geometry validated where we create it). */
export const GeometrySchema = z
  .object({ type: z.string(), coordinates: z.unknown() })
  .meta({ description: "A GeoJSON geometry (WGS84 lon/lat)." });

export const FeatureSchema = z.object({
  type: z.literal("Feature"),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: GeometrySchema,
  properties: z.record(z.string(), z.unknown()),
});

export const FeatureCollectionSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(FeatureSchema),
});

export type Feature = z.infer<typeof FeatureSchema>;
export type FeatureCollection = z.infer<typeof FeatureCollectionSchema>;
