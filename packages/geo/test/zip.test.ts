import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { crc32, DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from "../src/zip";

const LIMITS: ZipLimits = { maxEntries: 10, maxTotalBytes: 1_000_000, maxRatio: 100 };

const errorCode = (bytes: Uint8Array, limits = LIMITS) => {
  const r = readZip(bytes, limits);
  return r.ok ? "ok" : r.code;
};

describe("readZip", () => {
  it("reads stored and deflated entries and skips directories", () => {
    const zip = zipSync({
      "a.txt": strToU8("hello"),
      "dir/": new Uint8Array(0),
      "dir/b.txt": [strToU8("x".repeat(500)), { level: 9 }],
      "c.bin": [new Uint8Array([1, 2, 3]), { level: 0 }],
    });
    const r = readZip(zip, LIMITS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.files.keys()]).toEqual(["a.txt", "dir/b.txt", "c.bin"]);
    expect(new TextDecoder().decode(r.files.get("dir/b.txt"))).toBe("x".repeat(500));
    expect([...(r.files.get("c.bin") ?? [])]).toEqual([1, 2, 3]);
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(strToU8("123456789"))).toBe(0xcbf43926);
  });

  it("refuses bytes that are not a zip", () => {
    expect(errorCode(strToU8("stop_id,stop_name\n1,a\n"))).toBe("ZIP_NOT_A_ZIP");
    expect(errorCode(new Uint8Array(0))).toBe("ZIP_NOT_A_ZIP");
  });

  it("refuses a truncated zip", () => {
    const zip = zipSync({ "a.txt": strToU8("hello world ".repeat(100)) });
    expect(errorCode(zip.subarray(0, zip.length - 10))).toBe("ZIP_TRUNCATED");
    expect(errorCode(zip.subarray(0, 40))).toBe("ZIP_TRUNCATED");
  });

  it.each(["../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:/x.txt", "..\\x.txt"])(
    "refuses the unsafe path %j",
    (name) => {
      const r = readZip(zipSync({ [name]: strToU8("x") }), LIMITS);
      expect(r).toMatchObject({ ok: false, code: "ZIP_UNSAFE_PATH", entry: name });
    },
  );

  it("refuses a zip bomb by its expansion ratio", () => {
    const bomb = zipSync({ "stops.txt": [new Uint8Array(5_000_000), { level: 9 }] });
    expect(errorCode(bomb, { ...LIMITS, maxTotalBytes: 10_000_000 })).toBe("ZIP_RATIO_EXCEEDED");
  });

  it("refuses too many entries and too many bytes", () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 11; i++) many[`f${i}.txt`] = strToU8(String(i));
    expect(errorCode(zipSync(many))).toBe("ZIP_TOO_MANY_ENTRIES");
    const big = zipSync({ "a.txt": [strToU8("abc".repeat(400_000)), { level: 0 }] });
    expect(errorCode(big)).toBe("ZIP_TOO_LARGE");
    expect(errorCode(big, DEFAULT_ZIP_LIMITS)).toBe("ok");
  });

  it("detects a header that lies about the uncompressed size, and corrupted data", () => {
    const zip = zipSync({ "a.txt": [strToU8("abcdefgh".repeat(200)), { level: 6 }] });
    // Central directory: find its signature and shrink the declared uncompressed size.
    const lying = zip.slice();
    const dv = new DataView(lying.buffer);
    for (let o = 0; o < lying.length - 4; o++) {
      if (dv.getUint32(o, true) === 0x02014b50) dv.setUint32(o + 24, 100, true);
    }
    expect(errorCode(lying)).toBe("ZIP_CORRUPT");
    const stored = zipSync({ "a.txt": [strToU8("abcdefgh"), { level: 0 }] });
    const flipped = stored.slice();
    // Flip the first byte of the stored data (found by content, whatever the header length).
    const at = new TextDecoder("latin1").decode(stored).indexOf("abcdefgh");
    expect(at).toBeGreaterThan(30);
    flipped[at] = 0x41;
    expect(errorCode(flipped)).toBe("ZIP_CORRUPT");
  });

  it("refuses duplicate names", () => {
    const one = zipSync({ "a.txt": strToU8("1") });
    // Rewrite "b.txt" → "a.txt" in a two-entry zip.
    const two = zipSync({ "a.txt": strToU8("1"), "b.txt": strToU8("2") });
    const s = new TextDecoder("latin1").decode(two).replaceAll("b.txt", "a.txt");
    const dup = Uint8Array.from(s, (c) => c.charCodeAt(0));
    expect(errorCode(one)).toBe("ok");
    expect(errorCode(dup)).toBe("ZIP_DUPLICATE_ENTRY");
  });
});
