import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RegisterKind } from "../src/columns";
import { readRegister } from "../src/read";
import { type RegisterEntry, writeRegisterCsv, writeRegisterXlsx } from "../src/write";

/** Entries as the reader outputs them (defaults filled in), so a round trip must give them back unchanged. */
const ENTRIES: { [K in RegisterKind]: RegisterEntry<K>[] } = {
  places: [
    {
      id: "place-1",
      value: {
        kind: "clinic",
        name: '小菅診療所, "本院"',
        nameEn: "Kosuge Clinic",
        lat: 35.7611,
        lon: 138.9398,
        address: "山梨県北都留郡小菅村4698-1",
        hours: [
          { days: [1, 3, 5], from: "09:00", to: "12:00" },
          { days: [1, 2, 3, 4, 5, 6, 7], from: "14:00", to: "17:00" },
        ],
        organisationId: "org-1",
      },
    },
    {
      id: null,
      value: {
        kind: "other",
        // Starts like a formula: the CSV writes it as text and the reader gives it back as typed.
        name: '=HYPERLINK("http://example.org")\n2行目',
        nameEn: null,
        lat: 35.75,
        lon: 138.95,
        address: null,
        hours: [],
        organisationId: null,
      },
    },
  ],
  vehicles: [
    {
      id: "veh-1",
      value: {
        kind: "wheelchair_van",
        name: "送迎車1号",
        organisationId: "org-1",
        seats: 6,
        wheelchairs: 1,
        cargoKg: 50.5,
        cargoLitres: 0,
        features: ["lift", "cold_box"],
        fuel: "hybrid",
        kmPerLitre: 18.2,
        kWhPerKm: null,
        payloadKg: null,
        depotPlaceId: "place-1",
        availability: {
          weekly: [{ days: [1, 2, 3, 4, 5], from: "10:00", to: "15:30" }],
          exceptions: [
            { date: "2026-06-01", windows: [], note: "車検" },
            { date: "2026-06-02", windows: [{ from: "10:00", to: "12:00" }] },
          ],
        },
      },
    },
    {
      id: "veh-2",
      value: {
        kind: "drone",
        name: "ドローン",
        organisationId: null,
        seats: 0,
        wheelchairs: 0,
        cargoKg: 5,
        cargoLitres: 0,
        features: [],
        fuel: "battery",
        kmPerLitre: null,
        kWhPerKm: 0.05,
        payloadKg: 5,
        depotPlaceId: null,
        availability: { weekly: [], exceptions: [] },
      },
    },
  ],
  drivers: [
    {
      id: "drv-1",
      value: {
        kind: "volunteer",
        name: "山田　太郎",
        nameKana: "やまだ たろう",
        organisationId: null,
        vehicleIds: ["veh-1", "veh-2"],
        availability: { weekly: [{ days: [2, 4], from: "09:00", to: "12:00" }], exceptions: [] },
      },
    },
  ],
  residents: [
    {
      id: "res-1",
      value: {
        name: "小菅 花子",
        nameKana: "こすげ はなこ",
        home: { lat: 35.7601, lon: 138.9405 },
        address: "小菅村 4698",
        phone: "0428-87-0111",
        birthYear: 1940,
        wheelchair: true,
        escort: false,
        maxWalkM: 200,
        careLevel: "care_2",
        consent: true,
      },
    },
    {
      id: "res-2",
      value: {
        name: "山田 一郎",
        home: { lat: 35.7622, lon: 138.9431 },
        address: null,
        phone: null,
        birthYear: null,
        wheelchair: false,
        escort: false,
        maxWalkM: 300,
        careLevel: null,
        consent: false,
      },
    },
  ],
};

const kinds = Object.keys(ENTRIES) as RegisterKind[];

describe("export, then import: the same records", () => {
  it.each(kinds)("%s through CSV (UTF-8 with BOM, CRLF)", async (kind) => {
    const csv = writeRegisterCsv(kind, ENTRIES[kind]);
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(csv);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "").includes("\n")).toBe(kind === "places"); // only the quoted 2行目 breaks a line
    const r = await readRegister(kind, csv);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.rows.map(({ id, value }) => ({ id, value }))).toEqual(ENTRIES[kind]);
    expect(r.rows.map((x) => x.row)).toEqual(ENTRIES[kind].map((_, i) => i + 2));
  });

  it.each(kinds)("%s through XLSX", async (kind) => {
    const bytes = await writeRegisterXlsx(kind, ENTRIES[kind]);
    const r = await readRegister(kind, bytes);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.rows.map(({ id, value }) => ({ id, value }))).toEqual(ENTRIES[kind]);
  });

  it("writes numbers as numbers and the header bold and frozen in the workbook", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeRegisterXlsx("places", ENTRIES.places)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("施設");
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      "ID",
      "種別",
      "名称",
      "英語名称",
      "緯度",
      "経度",
      "住所",
      "受付時間",
      "所属ID",
    ]);
    expect(sheet?.getRow(1).font?.bold).toBe(true);
    expect(sheet?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet?.getCell("E2").value).toBe(35.7611);
    expect(sheet?.getCell("B2").value).toBe("診療所");
    expect(sheet?.getCell("H2").value).toBe("月・水・金 09:00-12:00; 毎日 14:00-17:00");
  });

  it("keeps any place's name, address and position through CSV and XLSX (property)", async () => {
    const text = fc.string({
      unit: fc.constantFrom(..."あ小菅,\"'=+-@ \n\r\tAa1１ｶ－"),
      minLength: 1,
      maxLength: 20,
    });
    const name = text.filter((s) => s.trim() === s && s.trim() !== "" && !/[\r\t]/.test(s));
    const place = fc.record({
      name,
      address: fc.option(name, { nil: null }),
      lat: fc.double({ min: 24, max: 45, noNaN: true }),
      lon: fc.double({ min: 123, max: 153, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(place, { minLength: 1, maxLength: 5 }), async (places) => {
        const entries: RegisterEntry<"places">[] = places.map((p, i) => ({
          id: `p${i}`,
          value: { kind: "other", nameEn: null, hours: [], organisationId: null, ...p },
        }));
        for (const bytes of [
          writeRegisterCsv("places", entries),
          await writeRegisterXlsx("places", entries),
        ]) {
          const r = await readRegister("places", bytes);
          if (!r.ok) throw new Error(JSON.stringify(r.problems));
          // Addresses are normalised on the way in (全角 → half-width, dashes → "-"); names are not.
          expect(r.rows.map((x) => [x.value.name, x.value.lat, x.value.lon])).toEqual(
            entries.map((e) => [e.value.name, e.value.lat, e.value.lon]),
          );
        }
      }),
      { numRuns: 25 },
    );
  });
});
