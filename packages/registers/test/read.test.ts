import ExcelJS from "exceljs";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { encodeCp932 } from "../../../tests/helpers/cp932";
import { readRegister } from "../src/read";

const utf8 = (text: string, bom = false) => new TextEncoder().encode(`${bom ? "\uFEFF" : ""}${text}`);

/** A workbook of rows (cells as exceljs takes them), as bytes. */
async function xlsx(rows: ExcelJS.CellValue[][], sheet = "施設一覧"): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("facilities from a CP932 CSV as Excel saves it", () => {
  // 全角 digits, spaces and dashes, a title above the header, a blank line, a column the product does not read.
  const text = [
    "小菅村　公共施設一覧（令和６年４月）",
    "",
    "名称,種別,緯度,経度,住所,受付時間,備考",
    "小菅村役場,役場,３５．７６０３,１３８．９４１２,山梨県北都留郡小菅村４６９８,月～金　８：３０～１７：１５,",
    "",
    '小菅診療所,診療所,35.7611,138.9398,小菅村４６９８ー１,"月・水・金 9:00-12:00, 14:00-17:00",内科',
    "ｺｽｹﾞ商店,商店,35.7589, 138.9450 ,川池１‐２,毎日 8:00-19:00,",
  ].join("\r\n");

  it("reads every row with its spreadsheet row number, values normalised, names as written", async () => {
    const r = await readRegister("places", encodeCp932(text));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r).toMatchObject({ format: "csv", encoding: "shift_jis", headerRow: 3, sheet: null });
    expect(r.rows).toEqual([
      {
        row: 4,
        id: null,
        value: {
          kind: "town_hall",
          name: "小菅村役場",
          nameEn: null,
          lat: 35.7603,
          lon: 138.9412,
          address: "山梨県北都留郡小菅村4698",
          hours: [{ days: [1, 2, 3, 4, 5], from: "08:30", to: "17:15" }],
          organisationId: null,
        },
      },
      {
        row: 6,
        id: null,
        value: {
          kind: "clinic",
          name: "小菅診療所",
          nameEn: null,
          lat: 35.7611,
          lon: 138.9398,
          address: "小菅村4698-1",
          hours: [
            { days: [1, 3, 5], from: "09:00", to: "12:00" },
            { days: [1, 3, 5], from: "14:00", to: "17:00" },
          ],
          organisationId: null,
        },
      },
      {
        row: 7,
        id: null,
        value: {
          kind: "shop",
          // Half-width kana in a name stay as typed.
          name: "ｺｽｹﾞ商店",
          nameEn: null,
          lat: 35.7589,
          lon: 138.945,
          address: "川池1-2",
          hours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: "08:00", to: "19:00" }],
          organisationId: null,
        },
      },
    ]);
    expect(r.warnings).toEqual([
      {
        row: 3,
        column: "備考",
        columnLetter: "G",
        code: "REGISTER_UNKNOWN_COLUMN",
        message: "this column is not read",
      },
    ]);
  });

  it("reads UTF-8 with or without a BOM, English field names and Excel's tab-separated UTF-16 alike", async () => {
    const english = "name,kind,lat,lon\r\n小菅村役場,town_hall,35.7603,138.9412\r\n";
    for (const bytes of [utf8(english), utf8(english, true)]) {
      const r = await readRegister("places", bytes);
      expect(r).toMatchObject({
        ok: true,
        encoding: "utf-8",
        rows: [{ row: 2, value: { kind: "town_hall" } }],
      });
    }
    const tsv = "名称\t種別\t緯度\t経度\r\n小菅村役場\t役場\t35.7603\t138.9412\r\n";
    const utf16 = new Uint8Array(2 + tsv.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < tsv.length; i++) {
      utf16[2 + 2 * i] = tsv.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = tsv.charCodeAt(i) >> 8;
    }
    expect(await readRegister("places", utf16)).toMatchObject({
      ok: true,
      encoding: "utf-16le",
      rows: [{ value: { name: "小菅村役場" } }],
    });
  });
});

describe("the validation report: all or nothing, by row and column", () => {
  it("names every bad cell by its row, its header as written and its column letter; no row is kept", async () => {
    const text = [
      "施設名,種類,緯度,経度,受付時間",
      "役場,役場,35.76,138.94,",
      "病院,大病院,35.76,138.94,",
      ",病院,abc,138.94,",
      "薬局,薬局,139.5,35.7,",
      "学校,学校,35.76,138.94,月-金 17:00-08:00",
    ].join("\n");
    const r = await readRegister("places", utf8(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        row: 3,
        column: "種類",
        columnLetter: "B",
        code: "REGISTER_INVALID_VALUE",
        message: expect.stringMatching(
          /^is not one of 病院、診療所、薬局、スーパー、.*その他 \(got "大病院"\)$/,
        ),
      },
      { row: 4, column: "施設名", columnLetter: "A", code: "REGISTER_REQUIRED", message: "is required" },
      {
        row: 4,
        column: "緯度",
        columnLetter: "C",
        code: "REGISTER_INVALID_VALUE",
        message: 'must be a number (got "abc")',
      },
      {
        row: 5,
        column: "緯度",
        columnLetter: "C",
        code: "REGISTER_INVALID_VALUE",
        message: "must be inside Japan (latitude 20–46)",
      },
      {
        row: 5,
        column: "経度",
        columnLetter: "D",
        code: "REGISTER_INVALID_VALUE",
        message: "must be inside Japan (longitude 122–154.5)",
      },
      {
        row: 6,
        column: "受付時間",
        columnLetter: "E",
        code: "REGISTER_INVALID_VALUE",
        message: "must end after it starts (from < to)",
      },
    ]);
  });

  it("refuses a file without the columns it needs, with a column twice, or with no header at all", async () => {
    expect(await readRegister("places", utf8("名称,種別,緯度\r\n役場,役場,35.7\r\n"))).toEqual({
      ok: false,
      problems: [
        {
          row: 1,
          column: "経度",
          code: "REGISTER_MISSING_COLUMN",
          message: "the file has no 経度 column (lon)",
        },
      ],
    });
    expect(await readRegister("places", utf8("名称,種別,緯度,経度,施設名\r\n"))).toMatchObject({
      ok: false,
      problems: [{ row: 1, column: "施設名", columnLetter: "E", code: "REGISTER_DUPLICATE_COLUMN" }],
    });
    expect(await readRegister("places", utf8("a,b\r\n1,2\r\n"))).toMatchObject({
      ok: false,
      problems: [{ row: 1, code: "REGISTER_NO_HEADER" }],
    });
    expect(await readRegister("places", utf8("名称,種別,緯度,経度\r\n\r\n"))).toMatchObject({
      ok: false,
      problems: [{ code: "REGISTER_NO_ROWS" }],
    });
  });

  it("refuses the same ID twice, too many rows, an old .xls and an XLSX that would expand too far", async () => {
    const twice = "ID,名称,種別,緯度,経度\r\np1,役場,役場,35.7,138.9\r\np1,診療所,診療所,35.7,138.9\r\n";
    expect(await readRegister("places", utf8(twice))).toEqual({
      ok: false,
      problems: [
        {
          row: 3,
          column: "ID",
          columnLetter: "A",
          code: "REGISTER_DUPLICATE_ID",
          message: "the same ID as row 2",
        },
      ],
    });
    const many = `名称,種別,緯度,経度\r\n${"役場,役場,35.7,138.9\r\n".repeat(4)}`;
    expect(await readRegister("places", utf8(many), { maxRows: 3 })).toMatchObject({
      ok: false,
      problems: [{ code: "REGISTER_TOO_MANY_ROWS" }],
    });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await readRegister("places", xls)).toMatchObject({
      ok: false,
      problems: [{ code: "REGISTER_FILE", message: expect.stringContaining(".xls") }],
    });
    const bomb = zipSync({ "xl/workbook.xml": new Uint8Array(2_000_000) });
    expect(
      await readRegister("places", bomb, {
        zipLimits: { maxEntries: 10, maxTotalBytes: 10_000_000, maxRatio: 100 },
      }),
    ).toMatchObject({
      ok: false,
      problems: [{ code: "REGISTER_FILE", message: expect.stringContaining("zip bomb") }],
    });
  });
});

describe("an XLSX register", () => {
  it("reads typed cells (numbers, rich text, formulas, dates) from the first sheet with data", async () => {
    const bytes = await xlsx([
      ["名称", "種別", "緯度", "経度", "受付時間"],
      [{ richText: [{ text: "小菅" }, { text: "村役場" }] }, "役場", 35.7603, 138.9412, "月-金 8:30-17:15"],
      ["小菅診療所", "診療所", { formula: "35.7+0.0611", result: 35.7611 }, 138.9398, null],
    ]);
    const r = await readRegister("places", bytes);
    expect(r).toMatchObject({
      ok: true,
      format: "xlsx",
      sheet: "施設一覧",
      rows: [
        { row: 2, value: { name: "小菅村役場", lat: 35.7603, hours: [{ from: "08:30", to: "17:15" }] } },
        { row: 3, value: { name: "小菅診療所", lat: 35.7611, hours: [] } },
      ],
    });
  });

  it("refuses the whole file for one bad row, naming its row and column", async () => {
    const bytes = await xlsx([
      ["名称", "種別", "緯度", "経度"],
      ["小菅村役場", "役場", 35.7603, 138.9412],
      ["小菅診療所", "診療所", 35.7611, 138.9398],
      ["小菅郵便局", "郵便局", "北緯35度", 138.94],
      ["小菅小学校", "学校", 35.762, 138.943],
    ]);
    expect(await readRegister("places", bytes)).toEqual({
      ok: false,
      problems: [
        {
          row: 4,
          column: "緯度",
          columnLetter: "C",
          code: "REGISTER_INVALID_VALUE",
          message: 'must be a number (got "北緯35度")',
        },
      ],
    });
    expect(await readRegister("places", bytes, { sheet: "Sheet9" })).toMatchObject({
      ok: false,
      problems: [
        { code: "REGISTER_FILE", message: 'the workbook has no sheet named "Sheet9" (it has 施設一覧)' },
      ],
    });
  });
});

describe("vehicles and drivers", () => {
  it("reads kinds, features, fuel, weekly hours and dated changes; the schema's rules name their column", async () => {
    const text = [
      "ID,種別,名称,座席数,車いす席,装備,燃料,燃費(km/L),運行可能時間,日付ごとの変更",
      "veh-1,福祉車両,デイサービスの送迎車,６,１,リフト、保冷箱,ガソリン,１２．５,月-金 10:00-15:30,2026-06-01 なし（車検）",
      "veh-2,乗用車,ボランティアの車,4,0,,ガソリン,,平日 9:00-12:00,",
    ].join("\r\n");
    const r = await readRegister("vehicles", encodeCp932(text));
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          row: 3,
          column: "燃費(km/L)",
          columnLetter: "H",
          code: "REGISTER_INVALID_VALUE",
          message: "is needed for CO₂ of a combustion vehicle",
        },
      ],
    });
    const fixed = await readRegister("vehicles", encodeCp932(text.replace("ガソリン,,", "ガソリン,15,")));
    if (!fixed.ok) throw new Error(JSON.stringify(fixed.problems));
    expect(fixed.rows[0]).toEqual({
      row: 2,
      id: "veh-1",
      value: {
        kind: "wheelchair_van",
        name: "デイサービスの送迎車",
        organisationId: null,
        seats: 6,
        wheelchairs: 1,
        cargoKg: 0,
        cargoLitres: 0,
        features: ["lift", "cold_box"],
        fuel: "petrol",
        kmPerLitre: 12.5,
        kWhPerKm: null,
        payloadKg: null,
        depotPlaceId: null,
        availability: {
          weekly: [{ days: [1, 2, 3, 4, 5], from: "10:00", to: "15:30" }],
          exceptions: [{ date: "2026-06-01", windows: [], note: "車検" }],
        },
      },
    });
  });

  it("reads drivers with the vehicles they may drive", async () => {
    const r = await readRegister(
      "drivers",
      utf8(
        "氏名,ふりがな,種別,運転できる車両ID,運転可能時間\r\n山田　太郎,やまだ たろう,ボランティア,veh-1 veh-2,火・木 9:00-12:00\r\n",
      ),
    );
    expect(r).toMatchObject({
      ok: true,
      rows: [
        {
          row: 2,
          value: {
            kind: "volunteer",
            // The 全角 space between family and given name stays: names are never normalised.
            name: "山田　太郎",
            nameKana: "やまだ たろう",
            vehicleIds: ["veh-1", "veh-2"],
            availability: { weekly: [{ days: [2, 4], from: "09:00", to: "12:00" }], exceptions: [] },
          },
        },
      ],
    });
  });
});

describe("the residents' register (personal data)", () => {
  const header = "ID,氏名,ふりがな,緯度,経度,電話番号,生年,車いす,付き添い,要介護度,同意";

  it("reads each person with their row and ID, 和暦 years and ○/× answers", async () => {
    const text = `${header}\r\nres-7,小菅　花子,こすげ はなこ,35.7601,138.9405,０４２８ー８７ー０１１１,昭和１５,○,×,要介護２,はい\r\n,山田 一郎,,35.7622,138.9431,,1948年5月1日,いいえ,はい,自立,同意する\r\n`;
    const r = await readRegister("residents", encodeCp932(text));
    expect(r).toMatchObject({
      ok: false,
      problems: [{ row: 3, column: "同意", code: "REGISTER_INVALID_VALUE" }],
    });
    const ok = await readRegister("residents", encodeCp932(text.replace("同意する", "はい")));
    if (!ok.ok) throw new Error(JSON.stringify(ok.problems));
    expect(ok.rows.map((x) => [x.row, x.id, x.value])).toEqual([
      [
        2,
        "res-7",
        {
          name: "小菅　花子",
          nameKana: "こすげ はなこ",
          home: { lat: 35.7601, lon: 138.9405 },
          phone: "0428-87-0111",
          address: null,
          birthYear: 1940,
          wheelchair: true,
          escort: false,
          maxWalkM: 300,
          careLevel: "care_2",
          consent: true,
        },
      ],
      [
        3,
        null,
        {
          name: "山田 一郎",
          home: { lat: 35.7622, lon: 138.9431 },
          phone: null,
          address: null,
          birthYear: 1948,
          wheelchair: false,
          escort: true,
          maxWalkM: 300,
          careLevel: null,
          consent: true,
        },
      ],
    ]);
  });

  it("never quotes a cell of a person in a problem, and needs consent stated", async () => {
    const text = `${header}\r\n,小菅 花子,,北緯35度,138.9405,03-XXXX,,,,,\r\n`;
    const r = await readRegister("residents", utf8(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, "緯度", "REGISTER_INVALID_VALUE"],
      [2, "電話番号", "REGISTER_INVALID_VALUE"],
      [2, "同意", "REGISTER_REQUIRED"],
    ]);
    for (const p of r.problems) {
      expect(p.message).not.toContain("北緯");
      expect(p.message).not.toContain("XXXX");
      expect(p.message).not.toContain("花子");
    }
    expect(
      await readRegister("residents", utf8("氏名,緯度,経度\r\n小菅 花子,35.76,138.94\r\n")),
    ).toMatchObject({
      ok: false,
      problems: [{ column: "同意", code: "REGISTER_MISSING_COLUMN" }],
    });
  });
});
