import { z } from "zod";
import { FeatureCollectionSchema, FeatureSchema } from "./geojson";

/** 6-digit 全国地方公共団体コード (5 digits + check digit). */
export const MunicipalityCodeSchema = z
  .string()
  .regex(/^\d{6}$/, "must be the 6-digit 全国地方公共団体コード")
  .meta({ example: "991001" });

export const MunicipalitySchema = z.object({
  code: MunicipalityCodeSchema,
  name: z.string(),
  nameKana: z.string().nullable(),
  nameEn: z.string().nullable(),
  prefecture: z.string(),
  fictional: z.boolean(),
  centre: z.object({ lat: z.number(), lon: z.number() }),
});
export type Municipality = z.infer<typeof MunicipalitySchema>;

export const MapLayersSchema = z.object({
  municipality: MunicipalitySchema,
  boundary: FeatureSchema.nullable(),
  places: FeatureCollectionSchema,
  stops: FeatureCollectionSchema,
  routes: FeatureCollectionSchema,
  dronePorts: FeatureCollectionSchema,
  droneRoutes: FeatureCollectionSchema,
  hubs: FeatureCollectionSchema,
});
export type MapLayers = z.infer<typeof MapLayersSchema>;

/** Base-map settings the web app needs; from server config. */
export const MapConfigSchema = z.object({
  tileUrl: z.string(),
  tileAttribution: z.string(),
});
export type MapConfig = z.infer<typeof MapConfigSchema>;
