// Types for the parts of the PBF schema modules (compiled by Mapbox pbf, shipped inside
// osm-pbf-parser-node) that the synthetic-map writer uses.
declare module "pbf" {
  export default class Pbf {
    constructor(buf?: Uint8Array);
    finish(): Uint8Array;
  }
}
declare module "osm-pbf-parser-node/proto/osmformat.js" {
  import type Pbf from "pbf";

  interface Writer {
    write(obj: object, pbf: Pbf): void;
  }
  export const HeaderBlock: Writer;
  export const PrimitiveBlock: Writer;
}
declare module "osm-pbf-parser-node/proto/fileformat.js" {
  import type Pbf from "pbf";

  interface Writer {
    write(obj: object, pbf: Pbf): void;
  }
  export const Blob: Writer;
  export const BlobHeader: Writer;
}
