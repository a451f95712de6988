/**
 * e-Stat 地域メッシュ統計 (census population per mesh) as published: a zip of
 * `tblT…S<1st-mesh>.txt` files, or one such file — CP932 CSV with two header
 * lines (column codes, then Japanese labels).
 *
 * Columns are found by their Japanese label, not by code, because the codes
 * change between censuses (2015 `T000846…`, 2020 `T001100…`) and so does the
 * column order (2020 adds 18+, 85+, 95+).
 *
 * Concealment (秘匿): a cell with HTKSYORI=2 reports only total/male/female
 * and households; its age bands are included in the receiving cell named in
 * HTKSAKI (HTKSYORI=1, whose GASSAN lists the cells it absorbed). The raw rows
 * keep that as published; {@link distributeConcealed} spreads each receiving
 * cell's bands over its group in proportion to population so that per-cell
 * figures exist and every sum over whole groups stays exact.
 *
 * Census year and mesh level: e-Stat assigns one statistics table id per
 * census and mesh level (国勢調査2020 人口及び世帯: T001100 1 km, T001101
 * 500 m, T001102 250 m; 2015: T000846, T000847, T000876). The downloads we
 * know state no year in the text itself, but the id is in every column code
 * (T001100001 …) and in the file name (tblT001100S5338.txt: S 1 km, H 500 m,
 * Q 250 m, then the first mesh). So the year is read from a title line above
 * KEY_CODE when a file has one ("令和２年国勢調査 …"), otherwise from the id.
 */
import { readCsv } from "./csv";
import { MeshCodeError, type MeshLevel, meshLevelOf } from "./mesh";
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from "./zip";

/** One mesh cell as published. Concealed age bands are `null`, never 0. */
export interface EstatMeshRow {
  code: string;
  population: number;
  /** 65 and over; null when concealed (HTKSYORI=2) or "*". */
  age65plus: number | null;
  /** 75 and over; null when concealed. */
  age75plus: number | null;
  /** 世帯総数; null when "*". */
  households: number | null;
  /** 0 none, 1 receives merged cells' figures, 2 merged into `htksaki`. */
  htksyori: 0 | 1 | 2;
  /** For HTKSYORI=2: the receiving cell. */
  htksaki?: string;
  /** For HTKSYORI=1: the cells whose age figures are included here. */
  gassan: string[];
}

export type EstatProblemCode =
  | "ESTAT_ZIP"
  | "ESTAT_NO_TABLE"
  | "ESTAT_HEADER"
  | "ESTAT_CSV"
  | "ESTAT_MISSING_COLUMN"
  | "ESTAT_INVALID_VALUE"
  | "ESTAT_DUPLICATE_CELL"
  | "ESTAT_CONCEALMENT"
  | "ESTAT_MIXED_TABLES"
  | "ESTAT_CENSUS_YEAR"
  | "ESTAT_OUTSIDE_BOUNDARY";

/** A problem in the file; `line` is 1-based in that file (0 for the whole file). */
export interface EstatProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  code: EstatProblemCode;
}

/** What one `tblT….txt` table is. */
export interface EstatTableInfo {
  file: string;
  /** e-Stat statistics table id ("T001100"), from the column codes or the file name; null if neither has one. */
  tableId: string | null;
  /** 国勢調査 year, or null when neither a title line nor a known table id tells it. */
  censusYear: number | null;
  /** Where the year came from. */
  censusYearFrom: "stated" | "table_id" | null;
  /** Mesh level of the table's cells (null for a table without cells). */
  level: MeshLevel | null;
  /** The 1st meshes (4 digits) its cells lie in. */
  firstMeshes: string[];
  cells: number;
}

export type EstatParseResult =
  | {
      ok: true;
      rows: EstatMeshRow[];
      warnings: EstatProblem[];
      tables: EstatTableInfo[];
      /** The tables' common census year; null when none tells it (see {@link EstatTableInfo.censusYear}). */
      censusYear: number | null;
      /** The tables' common mesh level; null when there are no cells. */
      level: MeshLevel | null;
    }
  | { ok: false; problems: EstatProblem[] };

/** e-Stat's 国勢調査 人口及び世帯 mesh tables (JGD2011 downloads share the ids). */
export const ESTAT_CENSUS_TABLES: Readonly<Record<string, { censusYear: number; level: MeshLevel }>> = {
  T000846: { censusYear: 2015, level: "3rd" },
  T000847: { censusYear: 2015, level: "half" },
  T000876: { censusYear: 2015, level: "quarter" },
  T001100: { censusYear: 2020, level: "3rd" },
  T001101: { censusYear: 2020, level: "half" },
  T001102: { censusYear: 2020, level: "quarter" },
};

/** A census year stated in title text: "2020年国勢調査", "令和２年国勢調査", "平成27年国勢調査". */
function statedCensusYear(title: string): number | null {
  const m = /(?:(\d{4})|令和(元|\d{1,2})|平成(元|\d{1,2}))年\s*国勢調査/.exec(title.normalize("NFKC"));
  if (!m) return null;
  const n = (s: string) => (s === "元" ? 1 : Number(s));
  if (m[1] !== undefined) return Number(m[1]);
  if (m[2] !== undefined) return 2018 + n(m[2]);
  return 1988 + n(m[3] as string);
}

/** Options for {@link parseEstatMesh}. */
export interface EstatParseOptions {
  /** Zip limits when the input is a zip; default {@link DEFAULT_ZIP_LIMITS}. */
  zipLimits?: ZipLimits;
  /** Name reported for a bare text input; default "mesh.txt". */
  fileName?: string;
}

/** Label matchers (after NFKC and removing spaces), for the 2015 and 2020 layouts. */
const LABELS = {
  population: (l: string) => l === "人口(総数)" || l === "人口総数",
  age65plus: (l: string) => l === "65歳以上人口総数",
  age75plus: (l: string) => l === "75歳以上人口総数",
  households: (l: string) => l === "世帯総数",
} as const;

const normaliseLabel = (s: string) => s.normalize("NFKC").replace(/\s/g, "");

/** How many lines above KEY_CODE may be a title (the downloads we know have none). */
const MAX_TITLE_LINES = 10;

function parseTable(
  raw: string,
  file: string,
  problems: EstatProblem[],
  rows: EstatMeshRow[],
): EstatTableInfo {
  const header = /^\uFEFF?"?KEY_CODE"?(?:,|\r?\n|$)/m.exec(raw);
  const skip = header ? (raw.slice(0, header.index).match(/\n/g) ?? []).length : 0;
  const titled = header !== null && skip > 0 && skip <= MAX_TITLE_LINES;
  const text = titled ? raw.slice(header.index) : raw;
  const offset = titled ? skip : 0;
  const add = (line: number, field: string, code: EstatProblemCode, message: string) =>
    problems.push({ file, line: line > 0 ? line + offset : line, field, message, code });
  const firstRow = rows.length;
  const info = (tableId: string | null, level: MeshLevel | null): EstatTableInfo => {
    const stated = titled ? statedCensusYear(raw.slice(0, header.index)) : null;
    const known = tableId === null ? undefined : ESTAT_CENSUS_TABLES[tableId];
    const censusYear = stated ?? known?.censusYear ?? null;
    const mine = rows.slice(firstRow);
    return {
      file,
      tableId,
      censusYear,
      censusYearFrom: stated !== null ? "stated" : censusYear !== null ? "table_id" : null,
      level,
      firstMeshes: [...new Set(mine.map((r) => r.code.slice(0, 4)))].sort(),
      cells: mine.length,
    };
  };
  const idInName = /tbl(T\d{6})/i.exec(file)?.[1]?.toUpperCase() ?? null;
  const csv = readCsv(text);
  if (!csv.ok) {
    add(csv.line, "", "ESTAT_CSV", csv.message);
    return info(idInName, null);
  }
  const codes = csv.header;
  const idInCodes = codes.map((c) => /^(T\d{6})\d{3}$/.exec(c)?.[1]).find((c) => c !== undefined) ?? null;
  const tableId = idInCodes ?? idInName;
  const expectedLevel = tableId === null ? undefined : ESTAT_CENSUS_TABLES[tableId]?.level;
  let level: MeshLevel | null = null;
  const key = codes.indexOf("KEY_CODE");
  const iSyori = codes.indexOf("HTKSYORI");
  const iSaki = codes.indexOf("HTKSAKI");
  const iGassan = codes.indexOf("GASSAN");
  if (key < 0) {
    add(
      1,
      "KEY_CODE",
      "ESTAT_HEADER",
      "first header line must hold KEY_CODE (is this an e-Stat mesh table?)",
    );
    return info(tableId, null);
  }
  const labelRow = csv.rows[0];
  if (!labelRow || (labelRow.values[key] ?? "").trim() !== "") {
    add(2, "", "ESTAT_HEADER", "second header line (Japanese column labels) is missing");
    return info(tableId, null);
  }
  const labels = labelRow.values.map(normaliseLabel);
  const col: Record<keyof typeof LABELS, number> = {
    population: -1,
    age65plus: -1,
    age75plus: -1,
    households: -1,
  };
  for (const name of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
    col[name] = labels.findIndex(LABELS[name]);
    if (col[name] < 0)
      add(
        2,
        name,
        "ESTAT_MISSING_COLUMN",
        `no column labelled for ${name} (e.g. 人口（総数）, ６５歳以上人口　総数, 世帯総数)`,
      );
  }
  if (Object.values(col).some((i) => i < 0)) return info(tableId, null);

  for (const r of csv.rows.slice(1)) {
    const v = (i: number) => (i < 0 ? "" : (r.values[i] ?? "").trim());
    const code = v(key);
    let cellLevel: MeshLevel;
    try {
      cellLevel = meshLevelOf(code);
    } catch (e) {
      add(r.line, "KEY_CODE", "ESTAT_INVALID_VALUE", e instanceof MeshCodeError ? e.message : String(e));
      continue;
    }
    // One table is one mesh level; the known ids say which.
    const tableLevel: MeshLevel = level ?? expectedLevel ?? cellLevel;
    if (cellLevel !== tableLevel) {
      add(
        r.line,
        "KEY_CODE",
        "ESTAT_MIXED_TABLES",
        `cell ${code} is a ${MESH_LEVEL_NAMES[cellLevel]} mesh code, but ${level === null ? `table ${tableId} is` : "the table's cells are"} ${MESH_LEVEL_NAMES[tableLevel]}`,
      );
      continue;
    }
    level = cellLevel;
    const syoriRaw = v(iSyori);
    const htksyori = syoriRaw === "" ? 0 : Number(syoriRaw);
    if (htksyori !== 0 && htksyori !== 1 && htksyori !== 2) {
      add(r.line, "HTKSYORI", "ESTAT_INVALID_VALUE", `HTKSYORI must be blank, 0, 1 or 2, got "${syoriRaw}"`);
      continue;
    }
    // "*" or blank marks a concealed figure; anything else must be a count.
    const num = (field: keyof typeof LABELS, allowConcealed: boolean): number | null | undefined => {
      const s = v(col[field]);
      if (s === "*" || s === "" || s === "-") {
        if (allowConcealed) return null;
        add(
          r.line,
          field,
          "ESTAT_INVALID_VALUE",
          `${field} is concealed ("${s}") but must be published for every cell`,
        );
        return undefined;
      }
      if (!/^\d+$/.test(s)) {
        add(r.line, field, "ESTAT_INVALID_VALUE", `${field} must be a whole number, got "${s}"`);
        return undefined;
      }
      return Number(s);
    };
    const population = num("population", false);
    const age65plus = num("age65plus", true);
    const age75plus = num("age75plus", true);
    const households = num("households", true);
    if (population === undefined || population === null || age65plus === undefined) continue;
    if (age75plus === undefined || households === undefined) continue;
    const row: EstatMeshRow = { code, population, age65plus, age75plus, households, htksyori, gassan: [] };
    if (htksyori === 2) {
      const saki = v(iSaki);
      if (!/^\d{8,10}$/.test(saki)) {
        add(
          r.line,
          "HTKSAKI",
          "ESTAT_CONCEALMENT",
          `HTKSYORI=2 needs the receiving cell in HTKSAKI, got "${saki}"`,
        );
        continue;
      }
      row.htksaki = saki;
      // The published file shows "*" here; a number would be double-counted with the receiving cell.
      row.age65plus = null;
      row.age75plus = null;
    } else if (age65plus === null || age75plus === null) {
      add(r.line, "age65plus", "ESTAT_INVALID_VALUE", "age bands are concealed but HTKSYORI is not 2");
      continue;
    }
    if (htksyori === 1)
      row.gassan = v(iGassan)
        .split(";")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    rows.push(row);
  }
  return info(tableId, level);
}

/** One uploaded file: a zip as downloaded from e-Stat, or one `tblT….txt` table. */
export interface EstatFile {
  name: string;
  bytes: Uint8Array;
}

const MESH_LEVEL_NAMES: Record<MeshLevel, string> = {
  "1st": "80 km (1次)",
  "2nd": "10 km (2次)",
  "3rd": "1 km (3次)",
  half: "500 m (4次)",
  quarter: "250 m (5次)",
};

/**
 * Parse e-Stat mesh statistics from the bytes of the published zip (every
 * `tblT*.txt` inside is read) or of one `.txt` table. Every problem is reported.
 */
export function parseEstatMesh(bytes: Uint8Array, options: EstatParseOptions = {}): EstatParseResult {
  return parseEstatMeshFiles([{ name: options.fileName ?? "mesh.txt", bytes }], options);
}

/**
 * Parse several e-Stat files at once — one zip or table per 1st mesh, as a
 * town on the edge of a 1st mesh needs — into one set of cells. The tables
 * must share the census year and the mesh level; a 1st mesh given twice is
 * refused. Concealment links are checked across files, since a cell's
 * receiving cell may lie in the neighbouring 1st mesh.
 */
export function parseEstatMeshFiles(
  files: readonly EstatFile[],
  options: Pick<EstatParseOptions, "zipLimits"> = {},
): EstatParseResult {
  const problems: EstatProblem[] = [];
  const warnings: EstatProblem[] = [];
  const rows: EstatMeshRow[] = [];
  const tables: EstatTableInfo[] = [];
  // CP932 is a superset of Shift_JIS; WHATWG's "shift_jis" decoder is in fact CP932.
  const decode = (b: Uint8Array) => new TextDecoder("shift_jis").decode(b);
  for (const { name, bytes } of files) {
    const isZip = bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b;
    if (!isZip) {
      tables.push(parseTable(decode(bytes), name, problems, rows));
      continue;
    }
    const zip = readZip(bytes, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
    if (!zip.ok) {
      problems.push({ file: zip.entry ?? name, line: 0, field: "", message: zip.message, code: "ESTAT_ZIP" });
      continue;
    }
    const names = [...zip.files.keys()].filter((n) => /(^|\/)tbl[^/]*\.txt$/i.test(n));
    if (names.length === 0) {
      problems.push({
        file: name,
        line: 0,
        field: "",
        code: "ESTAT_NO_TABLE",
        message: "the zip holds no tbl*.txt mesh table",
      });
      continue;
    }
    for (const n of names) tables.push(parseTable(decode(zip.files.get(n) as Uint8Array), n, problems, rows));
  }

  const whole = (file: string, field: string, code: EstatProblemCode, message: string) =>
    problems.push({ file, line: 0, field, code, message });
  const years = [...new Set(tables.flatMap((t) => (t.censusYear === null ? [] : [t.censusYear])))];
  if (years.length > 1)
    whole(
      "",
      "",
      "ESTAT_MIXED_TABLES",
      `the files are from different censuses (${tables.map((t) => `${t.file}: ${t.censusYear ?? "?"}`).join(", ")}); import one census at a time`,
    );
  const levels = [...new Set(tables.flatMap((t) => (t.level === null ? [] : [t.level])))];
  if (levels.length > 1)
    whole(
      "",
      "",
      "ESTAT_MIXED_TABLES",
      `the files mix mesh levels (${tables.map((t) => `${t.file}: ${t.level === null ? "?" : MESH_LEVEL_NAMES[t.level]}`).join(", ")}); import one level at a time`,
    );
  // The same 1st mesh twice (a file given twice) would otherwise give one problem per cell.
  const holder = new Map<string, string>();
  let twice = false;
  for (const t of tables)
    for (const m of t.firstMeshes) {
      const other = holder.get(m);
      if (other !== undefined) {
        twice = true;
        whole(t.file, "KEY_CODE", "ESTAT_DUPLICATE_CELL", `1st mesh ${m} is in both ${other} and ${t.file}`);
      }
      holder.set(m, t.file);
    }

  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.code) && !twice)
      problems.push({
        file: "",
        line: 0,
        field: "KEY_CODE",
        code: "ESTAT_DUPLICATE_CELL",
        message: `cell ${r.code} appears twice`,
      });
    seen.add(r.code);
  }
  // Cross-check concealment links. A receiving cell outside the file (an
  // adjacent 1st mesh) is not an error: distributeConcealed estimates it.
  const byCode = new Map(rows.map((r) => [r.code, r] as const));
  for (const r of rows) {
    if (r.htksyori !== 2 || r.htksaki === undefined) continue;
    const recv = byCode.get(r.htksaki);
    if (!recv) {
      warnings.push({
        file: "",
        line: 0,
        field: "HTKSAKI",
        code: "ESTAT_CONCEALMENT",
        message: `cell ${r.code} is merged into ${r.htksaki}, which is not in the input; its age bands are estimated from the input's overall age ratio`,
      });
    } else if (recv.htksyori !== 1) {
      problems.push({
        file: "",
        line: 0,
        field: "HTKSAKI",
        code: "ESTAT_CONCEALMENT",
        message: `cell ${r.code} is merged into ${r.htksaki}, which is not a receiving cell (HTKSYORI=1)`,
      });
    } else if (!recv.gassan.includes(r.code)) {
      warnings.push({
        file: "",
        line: 0,
        field: "GASSAN",
        code: "ESTAT_CONCEALMENT",
        message: `receiving cell ${r.htksaki} does not list ${r.code} in GASSAN`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rows, warnings, tables, censusYear: years[0] ?? null, level: levels[0] ?? null };
}

/** A mesh cell with every figure present, as the coverage analysis consumes it. */
export interface PopulationCell {
  code: string;
  population: number;
  age65plus: number;
  age75plus: number;
}

/** Split `total` into integers proportional to `weights` (largest remainder), summing exactly to `total`. */
function apportion(total: number, weights: number[]): number[] {
  const w = weights.reduce((a, b) => a + b, 0);
  if (w <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((x) => (total * x) / w);
  const out = raw.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    out[i] = (out[i] as number) + 1;
    rest--;
  }
  return out;
}

/**
 * Per-cell figures with concealed age bands filled in: each receiving cell's
 * bands (which cover itself and its merged cells) are apportioned over the
 * group in proportion to population, as whole people (largest remainder), so
 * the group's and every larger area's sums equal the published figures. A
 * merged cell whose receiving cell is absent gets the input's overall 65+/75+
 * ratio (the only information available) — flagged by a parse warning.
 */
export function distributeConcealed(rows: readonly EstatMeshRow[]): PopulationCell[] {
  const out = new Map<string, PopulationCell>();
  const groups = new Map<string, EstatMeshRow[]>();
  for (const r of rows) {
    out.set(r.code, {
      code: r.code,
      population: r.population,
      age65plus: r.age65plus ?? 0,
      age75plus: r.age75plus ?? 0,
    });
    if (r.htksyori === 2 && r.htksaki !== undefined) {
      let g = groups.get(r.htksaki);
      if (!g) {
        g = [];
        groups.set(r.htksaki, g);
      }
      g.push(r);
    }
  }
  let pop = 0;
  let a65 = 0;
  let a75 = 0;
  for (const r of rows) {
    if (r.age65plus === null || r.age75plus === null) continue;
    // Receiving cells' bands include other cells' people: count those people too.
    pop += r.population + (groups.get(r.code)?.reduce((s, m) => s + m.population, 0) ?? 0);
    a65 += r.age65plus;
    a75 += r.age75plus;
  }
  for (const [recvCode, members] of groups) {
    const recv = out.get(recvCode);
    if (!recv) {
      for (const m of members) {
        const cell = out.get(m.code) as PopulationCell;
        cell.age65plus = pop > 0 ? Math.round((m.population * a65) / pop) : 0;
        cell.age75plus = pop > 0 ? Math.min(cell.age65plus, Math.round((m.population * a75) / pop)) : 0;
      }
      continue;
    }
    const cells = [recv, ...members.map((m) => out.get(m.code) as PopulationCell)];
    const weights = cells.map((c) => c.population);
    const s65 = apportion(recv.age65plus, weights);
    const s75 = apportion(recv.age75plus, weights);
    cells.forEach((c, i) => {
      c.age65plus = s65[i] as number;
      // Rounding each band separately could leave 75+ above 65+ in a tiny cell; cap it and keep the sum exact.
      c.age75plus = s75[i] as number;
    });
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i] as PopulationCell;
      if (c.age75plus <= c.age65plus) continue;
      // Move the excess 75+ to a cell of the group that has room.
      let excess = c.age75plus - c.age65plus;
      c.age75plus = c.age65plus;
      for (const d of cells) {
        if (excess === 0) break;
        const room = d.age65plus - d.age75plus;
        const take = Math.min(room, excess);
        d.age75plus += take;
        excess -= take;
      }
    }
  }
  return rows.map((r) => out.get(r.code) as PopulationCell);
}

/** Totals of an area: population and age bands summed over its cells. */
export interface AreaTotals {
  cells: number;
  population: number;
  age65plus: number;
  age75plus: number;
}

/** Sum cells (e.g. the output of {@link distributeConcealed}, clipped to an area). */
export function sumCells(cells: Iterable<PopulationCell>): AreaTotals {
  const t: AreaTotals = { cells: 0, population: 0, age65plus: 0, age75plus: 0 };
  for (const c of cells) {
    t.cells++;
    t.population += c.population;
    t.age65plus += c.age65plus;
    t.age75plus += c.age75plus;
  }
  return t;
}
