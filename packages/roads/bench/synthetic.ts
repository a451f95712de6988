import { deflateSync } from "node:zlib";
import { Blob as BlobData, BlobHeader } from "osm-pbf-parser-node/proto/fileformat.js";
import { HeaderBlock, PrimitiveBlock } from "osm-pbf-parser-node/proto/osmformat.js";
import Pbf from "pbf";

/**
 * Writes a generated road map as a real OSM PBF file (the same schema modules the reader
 * decodes with, zlib-compressed blocks), so the benchmark measures the whole import path.
 *
 * The map imitates a town-and-country network: intersections on a jittered grid about 150 m
 * apart; each block side is a way with 0–3 shape nodes (OSM draws bends with many nodes, so most
 * nodes have degree 2); every 10th street is a secondary road with a signed limit, every 40th a
 * primary; 10 % of residential streets are oneway, 12 % of block sides are missing (dead ends,
 * rivers). With `side` intersections per row the map has about 8.6 × side² directed edges.
 */
export function syntheticPbf(side: number, seed = 1): { bytes: Uint8Array; ways: number; nodes: number } {
  let s = seed;
  const rnd = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  const lat0 = 35.6;
  const lon0 = 138.4;
  const step = 0.00135; // ≈ 150 m in latitude
  const nodeLat: number[] = [];
  const nodeLon: number[] = [];
  const at = (x: number, y: number) => y * side + x;
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      nodeLat.push(lat0 + (y + (rnd() - 0.5) * 0.4) * step);
      nodeLon.push(lon0 + (x + (rnd() - 0.5) * 0.4) * step * 1.23);
    }
  const ways: { refs: number[]; tags: [string, string][] }[] = [];
  const side0 = (a: number, b: number, line: number) => {
    if (rnd() < 0.12) return;
    const refs = [a];
    const shape = Math.floor(rnd() * 4);
    for (let k = 1; k <= shape; k++) {
      const f = k / (shape + 1);
      nodeLat.push(
        (nodeLat[a] as number) * (1 - f) + (nodeLat[b] as number) * f + (rnd() - 0.5) * step * 0.1,
      );
      nodeLon.push(
        (nodeLon[a] as number) * (1 - f) + (nodeLon[b] as number) * f + (rnd() - 0.5) * step * 0.1,
      );
      refs.push(nodeLat.length - 1);
    }
    refs.push(b);
    const tags: [string, string][] = [];
    if (line % 40 === 0) tags.push(["highway", "primary"]);
    else if (line % 10 === 0) tags.push(["highway", "secondary"], ["maxspeed", "50"]);
    else {
      tags.push(["highway", "residential"]);
      if (rnd() < 0.1) tags.push(["oneway", "yes"]);
    }
    ways.push({ refs, tags });
  };
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      if (x + 1 < side) side0(at(x, y), at(x + 1, y), y);
      if (y + 1 < side) side0(at(x, y), at(x, y + 1), x);
    }

  const chunks: Uint8Array[] = [];
  const blob = (type: string, block: Uint8Array) => {
    const body = new Pbf();
    BlobData.write({ raw_size: block.length, zlib_data: deflateSync(block) }, body);
    const bodyBytes = body.finish();
    const header = new Pbf();
    BlobHeader.write({ type, datasize: bodyBytes.length }, header);
    const headerBytes = header.finish();
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, headerBytes.length);
    chunks.push(length, headerBytes, bodyBytes);
  };
  const header = new Pbf();
  HeaderBlock.write(
    { required_features: ["OsmSchema-V0.6", "DenseNodes"], writingprogram: "tsunagu-bench" },
    header,
  );
  blob("OSMHeader", header.finish());

  const enc = new TextEncoder();
  const BLOCK = 8000;
  for (let first = 0; first < nodeLat.length; first += BLOCK) {
    const id: number[] = [];
    const lat: number[] = [];
    const lon: number[] = [];
    let pid = 0;
    let plat = 0;
    let plon = 0;
    for (let n = first; n < Math.min(nodeLat.length, first + BLOCK); n++) {
      const la = Math.round((nodeLat[n] as number) * 1e7);
      const lo = Math.round((nodeLon[n] as number) * 1e7);
      id.push(n + 1 - pid);
      lat.push(la - plat);
      lon.push(lo - plon);
      pid = n + 1;
      plat = la;
      plon = lo;
    }
    const block = new Pbf();
    PrimitiveBlock.write(
      {
        stringtable: { s: [new Uint8Array(0)] },
        primitivegroup: [{ dense: { id, lat, lon, keys_vals: [] } }],
      },
      block,
    );
    blob("OSMData", block.finish());
  }
  for (let first = 0; first < ways.length; first += BLOCK) {
    const strings = new Map<string, number>([["", 0]]);
    const sid = (t: string) => {
      const known = strings.get(t);
      if (known !== undefined) return known;
      strings.set(t, strings.size);
      return strings.size - 1;
    };
    const group = ways.slice(first, first + BLOCK).map((w, k) => {
      let prev = 0;
      return {
        id: first + k + 1,
        keys: w.tags.map(([key]) => sid(key)),
        vals: w.tags.map(([, v]) => sid(v)),
        refs: w.refs.map((r) => {
          const d = r + 1 - prev;
          prev = r + 1;
          return d;
        }),
      };
    });
    const block = new Pbf();
    PrimitiveBlock.write(
      {
        stringtable: { s: [...strings.keys()].map((t) => enc.encode(t)) },
        primitivegroup: [{ ways: group }],
      },
      block,
    );
    blob("OSMData", block.finish());
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { bytes, ways: ways.length, nodes: nodeLat.length };
}
