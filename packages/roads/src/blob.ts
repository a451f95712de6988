/**
 * The one binary layout of every blob this package writes (road graphs, hierarchies): a
 * 16-byte magic, a format version, a JSON meta section, then typed arrays, each with its
 * element count and 8-byte aligned, so reading is a set of views on one buffer, not a parse.
 */

export type TypedArray = Int32Array | Uint32Array | Float64Array | Uint8Array;
export type TypedArrayConstructor =
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float64ArrayConstructor
  | Uint8ArrayConstructor;

/** Magic (16), version (4), array count (4), meta length (4), reserved (4). */
const HEADER_BYTES = 32;
const pad8 = (n: number) => (n + 7) & ~7;

export function encodeBlob(
  magic: string,
  version: number,
  meta: unknown,
  arrays: readonly TypedArray[],
): Uint8Array {
  const magicBytes = new TextEncoder().encode(magic);
  if (magicBytes.length !== 16) throw new Error("blob magic must be 16 bytes");
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  let size = HEADER_BYTES + pad8(metaBytes.length);
  for (const a of arrays) size += 8 + pad8(a.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(magicBytes, 0);
  view.setUint32(16, version, true);
  view.setUint32(20, arrays.length, true);
  view.setUint32(24, metaBytes.length, true);
  let at = HEADER_BYTES;
  out.set(metaBytes, at);
  at += pad8(metaBytes.length);
  for (const a of arrays) {
    view.setFloat64(at, a.length, true);
    at += 8;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad8(a.byteLength);
  }
  return out;
}

export type DecodedBlob =
  | { readonly ok: true; readonly meta: unknown; readonly arrays: TypedArray[] }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a blob of the given kind. `bytes` is copied once into an aligned buffer that the
 * returned arrays view.
 */
export function decodeBlob(
  bytes: Uint8Array,
  kind: string,
  magic: string,
  version: number,
  types: readonly TypedArrayConstructor[],
): DecodedBlob {
  if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 16)) !== magic)
    return { ok: false, message: `not a Tsunagu ${kind}` };
  const buf = new Uint8Array(bytes.length);
  buf.set(bytes);
  const view = new DataView(buf.buffer);
  const found = view.getUint32(16, true);
  if (found !== version)
    return { ok: false, message: `${kind} format ${found}; this version reads ${version}` };
  if (view.getUint32(20, true) !== types.length) return { ok: false, message: `${kind} header is damaged` };
  const metaLength = view.getUint32(24, true);
  let at = HEADER_BYTES;
  if (at + metaLength > buf.length) return { ok: false, message: `${kind} is cut short` };
  let meta: unknown;
  try {
    meta = JSON.parse(new TextDecoder().decode(buf.subarray(at, at + metaLength)));
  } catch {
    return { ok: false, message: `${kind} meta data is damaged` };
  }
  at += pad8(metaLength);
  const arrays: TypedArray[] = [];
  for (const Ctor of types) {
    if (at + 8 > buf.length) return { ok: false, message: `${kind} is cut short` };
    const length = view.getFloat64(at, true);
    at += 8;
    const byteLength = length * Ctor.BYTES_PER_ELEMENT;
    if (!Number.isInteger(length) || length < 0 || at + byteLength > buf.length)
      return { ok: false, message: `${kind} is cut short` };
    arrays.push(new Ctor(buf.buffer, at, length));
    at += pad8(byteLength);
  }
  return { ok: true, meta, arrays };
}
