import { Readable } from "node:stream";
import { OSMTransform } from "osm-pbf-parser-node";
import { SaxesParser } from "saxes";

/**
 * Streams the elements of an OpenStreetMap file (PBF or XML) into a sink. PBF is decoded by
 * `osm-pbf-parser-node` (Mapbox `pbf` + zlib), XML by `saxes`; neither loads the whole file as
 * objects, so memory follows what the sink keeps. Bytes in, elements out: the caller opens files.
 */

export type OsmTags = Readonly<Record<string, string>>;

export interface OsmMember {
  readonly type: "node" | "way" | "relation";
  readonly ref: number;
  readonly role: string;
}

/** Receives elements in file order (nodes, then ways, then relations in sorted files). */
export interface OsmSink {
  node(id: number, lat: number, lon: number): void;
  way(id: number, refs: readonly number[], tags: OsmTags): void;
  relation(id: number, members: readonly OsmMember[], tags: OsmTags): void;
}

export type OsmFormat = "pbf" | "xml";

export type OsmReadErrorCode = "empty" | "not_osm" | "truncated" | "corrupt";

export interface OsmReadError {
  readonly code: OsmReadErrorCode;
  readonly message: string;
}

export type OsmReadResult =
  | { readonly ok: true; readonly format: OsmFormat; readonly bytes: number }
  | { readonly ok: false; readonly error: OsmReadError };

/** The whole file, or its chunks in order (e.g. a file or upload stream). */
export type OsmInput = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface ReadOsmOptions {
  /** Called after each chunk is consumed with the bytes read so far (for a progress bar). */
  readonly onProgress?: (bytesRead: number) => void;
}

const PBF_FIRST_BLOCK = new TextEncoder().encode("OSMHeader");

/**
 * A PBF file starts with a 4-byte header length and a BlobHeader whose first field is the
 * string "OSMHeader"; an XML file with `<?xml` or `<osm` after optional BOM and whitespace.
 */
export function detectOsmFormat(head: Uint8Array): OsmFormat | undefined {
  if (head.length >= 6 + PBF_FIRST_BLOCK.length && head[4] === 0x0a && head[5] === PBF_FIRST_BLOCK.length) {
    if (PBF_FIRST_BLOCK.every((b, i) => head[6 + i] === b)) return "pbf";
  }
  let text = new TextDecoder("utf-8", { fatal: false }).decode(head.subarray(0, 256));
  text = text.replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("<?xml") || text.startsWith("<osm")) return "xml";
  return undefined;
}

async function* chunksOf(input: OsmInput): AsyncGenerator<Uint8Array> {
  if (input instanceof Uint8Array) {
    // Feed big buffers in slices so progress and stream back-pressure work the same as for files.
    const step = 1 << 20;
    for (let i = 0; i < input.length; i += step) yield input.subarray(i, Math.min(input.length, i + step));
    return;
  }
  for await (const chunk of input as AsyncIterable<Uint8Array>) yield chunk;
}

/** Reads an OSM file into `sink`; a file that is not OSM, is cut short or is damaged gives a typed error. */
export async function readOsm(
  input: OsmInput,
  sink: OsmSink,
  options: ReadOsmOptions = {},
): Promise<OsmReadResult> {
  const chunks = chunksOf(input);
  // Peek far enough to recognise the format without consuming the stream.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let exhausted = false;
  while (headBytes < 64) {
    const next = await chunks.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  if (headBytes === 0) return { ok: false, error: { code: "empty", message: "the file is empty" } };
  const format = detectOsmFormat(concat(head));
  if (format === undefined)
    return {
      ok: false,
      error: { code: "not_osm", message: "not an OpenStreetMap file (expected .osm.pbf or OSM XML)" },
    };

  let bytes = 0;
  let sourceDone = false;
  async function* all(): AsyncGenerator<Uint8Array> {
    for (const c of head) {
      bytes += c.length;
      yield c;
      options.onProgress?.(bytes);
    }
    if (!exhausted)
      for await (const c of { [Symbol.asyncIterator]: () => chunks }) {
        bytes += c.length;
        yield c;
        options.onProgress?.(bytes);
      }
    sourceDone = true;
  }

  try {
    if (format === "pbf") await readPbf(all(), sink);
    else await readXml(all(), sink);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (e instanceof SinkError) throw e.cause;
    if (e instanceof NotOsmError) return { ok: false, error: { code: "not_osm", message: e.message } };
    // Both readers only notice a cut-off file once every byte has been consumed.
    if (sourceDone)
      return {
        ok: false,
        error: { code: "truncated", message: `the file ends in the middle of an element (${detail})` },
      };
    return {
      ok: false,
      error: { code: "corrupt", message: `the file is damaged at byte ${bytes} (${detail})` },
    };
  }
  return { ok: true, format, bytes };
}

/** An XML file whose root is not `<osm>`. */
class NotOsmError extends Error {}

/** Wraps a sink's own exception so it is not reported as a damaged file. */
class SinkError extends Error {
  constructor(override readonly cause: unknown) {
    super("sink failed");
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface PbfItem {
  readonly type?: "node" | "way" | "relation";
  readonly id: number;
  readonly lat: number;
  readonly lon: number;
  readonly refs: number[];
  readonly members: OsmMember[];
  readonly tags?: Record<string, string>;
}

const NO_TAGS: OsmTags = Object.freeze({});

async function readPbf(source: AsyncIterable<Uint8Array>, sink: OsmSink): Promise<void> {
  // Node tags are not needed for routing; skipping them halves the decoding work.
  const bytes = Readable.from(source, { objectMode: false });
  const decoder = bytes.pipe(
    new OSMTransform({ withTags: { node: false, way: true, relation: true }, withInfo: false }),
  );
  // pipe() does not pass a source failure on; without this a failing upload would hang.
  bytes.on("error", (e) => decoder.destroy(e));
  const failed = new Promise<never>((_, reject) => {
    decoder.on("error", reject);
  });
  failed.catch(() => undefined);
  const iterate = async () => {
    for await (const batch of decoder as AsyncIterable<PbfItem[]>) {
      for (const item of batch) {
        try {
          if (item.type === "node") sink.node(item.id, item.lat, item.lon);
          else if (item.type === "way") sink.way(item.id, item.refs, item.tags ?? NO_TAGS);
          else if (item.type === "relation") sink.relation(item.id, item.members, item.tags ?? NO_TAGS);
        } catch (e) {
          throw new SinkError(e);
        }
      }
    }
  };
  await Promise.race([iterate(), failed]);
}

async function readXml(source: AsyncIterable<Uint8Array>, sink: OsmSink): Promise<void> {
  const parser = new SaxesParser();
  let error: Error | undefined;
  let rootSeen = false;
  let current: { kind: "node" | "way" | "relation"; id: number; lat: number; lon: number } | undefined;
  let refs: number[] = [];
  let members: OsmMember[] = [];
  let tags: Record<string, string> = {};
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.on("opentag", (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (!rootSeen) {
      rootSeen = true;
      if (tag.name !== "osm") throw new NotOsmError(`the root element is <${tag.name}>, not <osm>`);
      return;
    }
    switch (tag.name) {
      case "node":
      case "way":
      case "relation":
        current = { kind: tag.name, id: Number(a.id), lat: Number(a.lat), lon: Number(a.lon) };
        refs = [];
        members = [];
        tags = {};
        break;
      case "nd":
        refs.push(Number(a.ref));
        break;
      case "member":
        if (a.type === "node" || a.type === "way" || a.type === "relation")
          members.push({ type: a.type, ref: Number(a.ref), role: a.role ?? "" });
        break;
      case "tag":
        if (a.k !== undefined && a.v !== undefined) tags[a.k] = a.v;
        break;
    }
  });
  parser.on("closetag", (tag) => {
    if (current === undefined || tag.name !== current.kind) return;
    const c = current;
    current = undefined;
    try {
      if (c.kind === "node") sink.node(c.id, c.lat, c.lon);
      else if (c.kind === "way") sink.way(c.id, refs, tags);
      else sink.relation(c.id, members, tags);
    } catch (e) {
      throw new SinkError(e);
    }
  });
  const text = new TextDecoder("utf-8");
  for await (const chunk of source) {
    parser.write(text.decode(chunk, { stream: true }));
    if (error) throw error;
  }
  parser.write(text.decode());
  parser.close();
  if (error) throw error;
  if (!rootSeen) throw new Error("no <osm> element");
}
