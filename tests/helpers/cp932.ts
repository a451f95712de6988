/**
 * Encode text as CP932 (Shift_JIS as Windows and Excel write it) for test
 * files. Node has no CP932 encoder, so the table is the WHATWG "shift_jis"
 * decoder — the one the product reads with — run backwards over every
 * two-byte code; for characters with several codes (NEC/IBM duplicates) the
 * first one wins, as Windows encodes them.
 */
let table: Map<string, number[]> | undefined;

function encoderTable(): Map<string, number[]> {
  if (table) return table;
  const t = new Map<string, number[]>();
  const decoder = new TextDecoder("shift_jis", { fatal: true });
  for (let b = 0xa1; b <= 0xdf; b++) t.set(decoder.decode(new Uint8Array([b])), [b]); // half-width katakana
  for (const lead of [...range(0x81, 0x9f), ...range(0xe0, 0xfc)])
    for (const trail of [...range(0x40, 0x7e), ...range(0x80, 0xfc)]) {
      let ch: string;
      try {
        ch = decoder.decode(new Uint8Array([lead, trail]));
      } catch {
        continue;
      }
      if (!t.has(ch)) t.set(ch, [lead, trail]);
    }
  table = t;
  return t;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The CP932 bytes of `text`; throws on a character CP932 cannot hold. */
export function encodeCp932(text: string): Uint8Array {
  const t = encoderTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const bytes = t.get(ch);
      if (!bytes) throw new Error(`no CP932 code for "${ch}" (U+${code.toString(16).toUpperCase()})`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
