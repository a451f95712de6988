import { RegisterImportResultSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { readRegister, writeRegisterXlsx } from "@tsunagu/registers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeCp932 } from "../../../../tests/helpers/cp932";
import { problem } from "../../test/calls";
import { makeResident } from "../../test/factories";
import { appWithTowns, as, signInAs, type TestApp } from "../../test/testApp";

const CODE = "194425";
const OTHER = "172057";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let t: TestApp;
let staff: ReturnType<typeof as>;
beforeEach(async () => {
  ({ t, req: staff } = await appWithTowns(
    [
      [CODE, "小菅村"],
      [OTHER, "珠洲市"],
    ],
    "municipal_staff",
    CODE,
  ));
});
afterEach(() => t.cleanup());

const upload = (kind: string, bytes: Uint8Array, contentType = "text/csv", code = CODE) =>
  staff(`/api/v1/municipalities/${code}/register-imports/${kind}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: new Uint8Array(bytes),
  });

const placesOf = (code = CODE) =>
  t.database.db.select().from(schema.places).where(eq(schema.places.municipalityCode, code));

// 全角 digits, spaces and dashes, a title above the header, a column the product does not read — as Excel saves it (CP932).
const FACILITIES = [
  "小菅村　公共施設一覧（令和６年４月）",
  "",
  "名称,種別,緯度,経度,住所,受付時間,備考",
  "小菅村役場,役場,３５．７６０３,１３８．９４１２,山梨県北都留郡小菅村４６９８,月～金　８：３０～１７：１５,",
  '小菅診療所,診療所,35.7611,138.9398,小菅村４６９８ー１,"月・水・金 9:00-12:00, 14:00-17:00",内科',
].join("\r\n");

describe("facilities and places from CSV/XLSX", () => {
  it("imports a CP932 CSV with 全角 digits, normalised, and exports it in the same layout", async () => {
    const response = await upload("places", encodeCp932(FACILITIES));
    expect(response.status).toBe(201);
    const result = RegisterImportResultSchema.parse(await response.json());
    expect(result).toMatchObject({
      kind: "places",
      format: "csv",
      encoding: "shift_jis",
      rows: 2,
      created: 2,
    });
    expect(result.warnings.map((w) => w.path)).toEqual(["row 3, column G 備考"]);
    const stored = await placesOf();
    expect(stored.map((p) => [p.name, p.kind, p.lat, p.lon, p.address])).toEqual(
      expect.arrayContaining([
        ["小菅村役場", "town_hall", 35.7603, 138.9412, "山梨県北都留郡小菅村4698"],
        ["小菅診療所", "clinic", 35.7611, 138.9398, "小菅村4698-1"],
      ]),
    );

    // Round trip: the export reads back as the same records, each with its ID (so a re-import updates).
    const exported = await staff(`/api/v1/municipalities/${CODE}/register-exports/places?format=xlsx`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe(`attachment; filename="places-${CODE}.xlsx"`);
    const bytes = new Uint8Array(await exported.arrayBuffer());
    const back = await readRegister("places", bytes);
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.rows.map((r) => r.id).sort()).toEqual(stored.map((p) => p.id).sort());
    const again = RegisterImportResultSchema.parse(await (await upload("places", bytes, XLSX)).json());
    expect(again).toMatchObject({ format: "xlsx", created: 0, updated: 2 });
    expect(await placesOf()).toHaveLength(2);
  });

  it("refuses an XLSX with one bad row, naming row and column, and stores nothing", async () => {
    const good = {
      kind: "clinic" as const,
      name: "小菅診療所",
      nameEn: null,
      lat: 35.7611,
      lon: 138.9398,
      address: null,
      hours: [],
      organisationId: null,
    };
    const file = await writeRegisterXlsx("places", [
      { id: null, value: good },
      { id: null, value: { ...good, name: "北の診療所", lat: 135.7 } },
      { id: null, value: { ...good, name: "南の診療所" } },
    ]);
    const response = await upload("places", file, XLSX);
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.title).toBe("file_invalid");
    expect(body.errors).toEqual([expect.objectContaining({ path: "row 3, column E 緯度" })]);
    expect(await placesOf()).toHaveLength(0);
  });

  it("refuses an ID of another municipality's record as unknown, naming row and column", async () => {
    await upload("places", encodeCp932(FACILITIES), "text/csv", CODE);
    const [place] = await placesOf();
    const csv = `ID,名称,種別,緯度,経度\r\n${place?.id},小菅村役場,役場,35.76,138.94\r\n`;
    const other = as(t.app, await signInAs(t, "platform_admin", null));
    const response = await other(`/api/v1/municipalities/${OTHER}/register-imports/places`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: new TextEncoder().encode(csv),
    });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("row 2, column ID");
    expect(await placesOf(OTHER)).toHaveLength(0);
  });
});

describe("the residents register (名簿)", () => {
  const header = "ID,氏名,ふりがな,緯度,経度,電話番号,生年,車いす,付き添い,要介護度,同意";

  it("imports residents with 車いす, 付き添い and 要介護度, audited one entry per resident", async () => {
    const csv = `${header}\r\n,小菅　花子,こすげ はなこ,35.7601,138.9405,０４２８ー８７ー０１１１,昭和１５,○,×,要介護２,はい\r\n`;
    const response = await upload("residents", encodeCp932(csv));
    expect(response.status).toBe(201);
    const rows = await t.database.db
      .select()
      .from(schema.residents)
      .where(eq(schema.residents.municipalityCode, CODE));
    expect(rows).toEqual([
      expect.objectContaining({
        name: "小菅　花子",
        wheelchair: true,
        escort: false,
        careLevel: "care_2",
        birthYear: 1940,
      }),
    ]);
    const audit = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.residentId, rows[0]?.id ?? ""));
    expect(audit.map((a) => a.action)).toEqual(["create"]);
  });

  it("exports the register for staff (audited as reads), never for a driver", async () => {
    const id = await makeResident(t.database, CODE);
    const exported = await staff(`/api/v1/municipalities/${CODE}/register-exports/residents?format=csv`);
    expect(exported.status).toBe(200);
    const text = new TextDecoder().decode(new Uint8Array(await exported.arrayBuffer()));
    expect(text).toContain("山田 花子");
    const audit = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.residentId, id));
    expect(audit.map((a) => a.action)).toContain("read");
    const driver = as(t.app, await signInAs(t, "driver", CODE));
    expect((await driver(`/api/v1/municipalities/${CODE}/register-exports/residents`)).status).toBe(403);
  });
});
