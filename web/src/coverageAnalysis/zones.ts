import type { GeoPolygon } from "@tsunagu/contract";

const M_PER_DEG = 111_320;

/** A circle of `radiusM` around a point as a closed 48-corner GeoJSON Polygon (an on-demand zone). */
export function circleZone(lat: number, lon: number, radiusM: number): GeoPolygon {
  const cos = Math.cos((lat * Math.PI) / 180);
  const ring: number[][] = [];
  for (let i = 0; i < 48; i++) {
    const a = (2 * Math.PI * i) / 48;
    ring.push([
      round6(lon + (radiusM * Math.sin(a)) / (M_PER_DEG * cos)),
      round6(lat + (radiusM * Math.cos(a)) / M_PER_DEG),
    ]);
  }
  ring.push([...(ring[0] as number[])]);
  return { type: "Polygon", coordinates: [ring] };
}

/** Clicked corners → a closed Polygon; undefined with fewer than 3 corners. */
export function draftPolygon(points: readonly [number, number][]): GeoPolygon | undefined {
  if (points.length < 3) return undefined;
  const ring = points.map(([lon, lat]) => [round6(lon), round6(lat)]);
  ring.push([...(ring[0] as number[])]);
  return { type: "Polygon", coordinates: [ring] };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
