import { crc32 as zlibCrc32 } from "node:zlib";
/**
 * Safe zip reading for user uploads (GTFS-JP feeds, e-Stat mesh files).
 *
 * We walk the central directory ourselves rather than calling fflate's
 * `unzipSync` because its filter callback does not expose the CRC or the data
 * offset: without them a zip whose headers lie about sizes cannot be detected.
 * Decompression itself is fflate's `inflateSync`, into a buffer of the declared
 * size, so a lying header can never make us allocate more than the limits allow;
 * the CRC check then catches the lie.
 */
import { inflateSync } from "fflate";

/** Limits the caller must choose; there is no silent default. */
export interface ZipLimits {
  /** Maximum number of file entries (directories are not counted). */
  maxEntries: number;
  /** Maximum sum of the declared uncompressed sizes of all files, in bytes. */
  maxTotalBytes: number;
  /** Maximum uncompressed/compressed size ratio of any one entry (deflate's own ceiling is ~1032). */
  maxRatio: number;
}

/** Sensible limits for a municipal GTFS-JP feed or mesh statistics file: 200 entries, 512 MiB, ratio 200. */
export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = {
  maxEntries: 200,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 200,
};

export type ZipErrorCode =
  | "ZIP_NOT_A_ZIP"
  | "ZIP_TRUNCATED"
  | "ZIP_CORRUPT"
  | "ZIP_UNSUPPORTED"
  | "ZIP_UNSAFE_PATH"
  | "ZIP_DUPLICATE_ENTRY"
  | "ZIP_TOO_MANY_ENTRIES"
  | "ZIP_TOO_LARGE"
  | "ZIP_RATIO_EXCEEDED";

export type ZipReadResult =
  | { ok: true /** File name → bytes, in archive order. */; files: Map<string, Uint8Array> }
  | {
      ok: false;
      code: ZipErrorCode;
      message: string /** The offending entry name, when there is one. */;
      entry?: string;
    };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

/** CRC-32 (IEEE) as stored in zip headers; fflate does not export one, Node's zlib does. */
export const crc32 = (data: Uint8Array): number => zlibCrc32(data);

/** Why a name is unsafe to extract, or undefined if it is fine. */
function unsafePath(name: string): string | undefined {
  if (name.length === 0) return "empty name";
  if (name.includes("\0")) return "NUL byte in name";
  if (name.startsWith("/") || name.startsWith("\\")) return "absolute path";
  if (/^[A-Za-z]:/.test(name)) return "drive-letter path";
  if (name.split(/[/\\]/).some((s) => s === "..")) return "parent-directory (..) segment";
  return undefined;
}

const fail = (code: ZipErrorCode, message: string, entry?: string): ZipReadResult =>
  entry === undefined ? { ok: false, code, message } : { ok: false, code, message, entry };

/**
 * Read every file of a zip held in memory, enforcing `limits`. Never throws for
 * bad input: every refusal is a result with a code. Directory entries are skipped.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits): ZipReadResult {
  if (!(bytes instanceof Uint8Array)) return fail("ZIP_NOT_A_ZIP", "input is not a byte array");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => view.getUint32(o, true);
  const u16 = (o: number) => view.getUint16(o, true);
  const startsLikeZip = bytes.length >= 4 && (u32(0) === SIG_LOCAL || u32(0) === SIG_EOCD);
  if (!startsLikeZip) return fail("ZIP_NOT_A_ZIP", "not a zip file (no PK signature at the start)");

  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let o = bytes.length - 22; o >= 0 && o >= bytes.length - 22 - 0xffff; o--) {
    if (u32(o) === SIG_EOCD) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) return fail("ZIP_TRUNCATED", "zip is truncated: end-of-central-directory record not found");
  if (eocd >= 20 && u32(eocd - 20) === SIG_ZIP64_LOCATOR) {
    return fail("ZIP_UNSUPPORTED", "zip64 archives are not supported (files this size are not expected)");
  }
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (cdOffset + cdSize > eocd)
    return fail("ZIP_TRUNCATED", "zip is truncated: central directory lies outside the file");

  interface Entry {
    name: string;
    method: number;
    crc: number;
    csize: number;
    usize: number;
    local: number;
  }
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let o = cdOffset;
  for (let i = 0; i < count; i++) {
    if (o + 46 > eocd || u32(o) !== SIG_CENTRAL)
      return fail("ZIP_CORRUPT", `central directory entry ${i + 1} is malformed`);
    const flags = u16(o + 8);
    const method = u16(o + 10);
    const crc = u32(o + 16);
    const csize = u32(o + 20);
    const usize = u32(o + 24);
    const nameLen = u16(o + 28);
    const extraLen = u16(o + 30);
    const commentLen = u16(o + 32);
    const local = u32(o + 42);
    if (o + 46 + nameLen > eocd) return fail("ZIP_CORRUPT", `central directory entry ${i + 1} is malformed`);
    const rawName = bytes.subarray(o + 46, o + 46 + nameLen);
    // Bit 11: the name is UTF-8; otherwise CP437 in theory, but every name we accept is ASCII.
    const name = new TextDecoder(flags & 0x800 ? "utf-8" : "latin1").decode(rawName);
    o += 46 + nameLen + extraLen + commentLen;
    const why = unsafePath(name);
    if (why) return fail("ZIP_UNSAFE_PATH", `unsafe entry name "${name}": ${why}`, name);
    if (name.endsWith("/") || name.endsWith("\\")) continue; // directory
    if (flags & 1) return fail("ZIP_UNSUPPORTED", `entry "${name}" is encrypted`, name);
    if (method !== 0 && method !== 8) {
      return fail(
        "ZIP_UNSUPPORTED",
        `entry "${name}" uses compression method ${method} (only stored/deflate)`,
        name,
      );
    }
    if (usize === 0xffffffff || csize === 0xffffffff) {
      return fail("ZIP_UNSUPPORTED", `entry "${name}" needs zip64`, name);
    }
    if (seen.has(name)) return fail("ZIP_DUPLICATE_ENTRY", `entry "${name}" appears twice`, name);
    seen.add(name);
    if (seen.size > limits.maxEntries) {
      return fail("ZIP_TOO_MANY_ENTRIES", `zip has more than ${limits.maxEntries} files`);
    }
    total += usize;
    if (total > limits.maxTotalBytes) {
      return fail(
        "ZIP_TOO_LARGE",
        `zip would expand to more than ${limits.maxTotalBytes} bytes (limit reached at "${name}")`,
        name,
      );
    }
    if (usize / Math.max(csize, 1) > limits.maxRatio) {
      return fail(
        "ZIP_RATIO_EXCEEDED",
        `entry "${name}" expands ${Math.round(usize / Math.max(csize, 1))}× (limit ${limits.maxRatio}×): refusing a possible zip bomb`,
        name,
      );
    }
    entries.push({ name, method, crc, csize, usize, local });
  }

  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (e.local + 30 > bytes.length || u32(e.local) !== SIG_LOCAL) {
      return fail("ZIP_CORRUPT", `local header of "${e.name}" is missing`, e.name);
    }
    const start = e.local + 30 + u16(e.local + 26) + u16(e.local + 28);
    if (start + e.csize > bytes.length)
      return fail("ZIP_TRUNCATED", `data of "${e.name}" is cut short`, e.name);
    const raw = bytes.subarray(start, start + e.csize);
    let data: Uint8Array;
    if (e.method === 0) {
      if (e.csize !== e.usize)
        return fail("ZIP_CORRUPT", `stored entry "${e.name}" has inconsistent sizes`, e.name);
      data = raw.slice();
    } else {
      try {
        // Fixed-size output buffer: fflate will not grow it, so memory is bounded by the declared size.
        data = inflateSync(raw, { out: new Uint8Array(e.usize) });
      } catch (err) {
        return fail("ZIP_CORRUPT", `entry "${e.name}" cannot be inflated: ${(err as Error).message}`, e.name);
      }
      if (data.length !== e.usize) {
        return fail(
          "ZIP_CORRUPT",
          `entry "${e.name}" inflates to ${data.length} bytes, header says ${e.usize}`,
          e.name,
        );
      }
    }
    if (crc32(data) !== e.crc) return fail("ZIP_CORRUPT", `entry "${e.name}" fails its CRC check`, e.name);
    files.set(e.name, data);
  }
  return { ok: true, files };
}
