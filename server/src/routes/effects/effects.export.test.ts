import { EffectsLegsResponseSchema, EffectsWorkedExampleResponseSchema } from "@tsunagu/contract";
import { MLIT_WORKED_EXAMPLE, WAITING_EXAMPLE } from "@tsunagu/effects";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODAL_SHIFT_EXAMPLE } from "../../../../tests/helpers/effectsExamples";
import { effectsCsv, LEG_TABLE_HEADER } from "../../domain/effects/export";
import { ProblemSchema } from "../../lib/openapi";
import { createTestApp, type TestApp } from "../../test/testApp";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.cleanup());

const exportLegs = (format: string, body: unknown, app = t.app) =>
  app.request(`/api/v1/effects/legs/export?format=${format}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

function csvLines(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .map((line) => (line === "" ? [] : line.split(",")));
}

describe("POST /api/v1/effects/legs/export?format=csv", () => {
  it("writes UTF-8 with a BOM, CRLF, the application's columns, every row and the rounded totals", async () => {
    const response = await exportLegs("csv", MLIT_WORKED_EXAMPLE);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="tsunagu-co2-report.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.replaceAll("\r\n", "")).not.toContain("\n");
    expect(text.endsWith("\r\n")).toBe(true);

    const lines = csvLines(text);
    expect(lines[0]).toEqual(["現行"]);
    expect(lines[1]).toEqual([...LEG_TABLE_HEADER]);
    expect(lines[2]).toEqual([
      "①",
      "東京湾",
      "有明DC",
      "トレーラー",
      "20",
      "100",
      "56250",
      "0.0285",
      "38.2",
      "0.0187",
      "3.6667",
      "84.0",
      "改良トンキロ法",
      "",
    ]);
    const co2 = LEG_TABLE_HEADER.indexOf("排出CO₂(t-CO₂/年)");
    const totals = lines.filter((l) => l[0] === "合計").map((l) => l[co2]);
    expect(totals).toEqual(["566.9", "394.3"]);
    const afterStart = lines.findIndex((l) => l[0] === "計画");
    expect(lines.slice(afterStart + 2, afterStart + 6).map((l) => l[co2])).toEqual([
      "356.9",
      "18.0",
      "8.6",
      "10.7",
    ]);
    // The explicit unit of row ⑤-after is named as such, so a reader sees why it is not the table's 0.0342.
    expect(lines[afterStart + 5]?.[13]).toBe("原単位・係数は指定値");
    expect(lines.find((l) => l[0] === "CO₂排出量(t-CO₂/年)")).toEqual([
      "CO₂排出量(t-CO₂/年)",
      "566.9",
      "394.3",
      "172.6",
      "30.4",
    ]);
  });

  it("gives the same figures as the JSON answer for the same legs, with the rail factor in 備考", async () => {
    const json = EffectsLegsResponseSchema.parse(
      await (
        await t.app.request("/api/v1/effects/legs", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(MODAL_SHIFT_EXAMPLE),
        })
      ).json(),
    );
    const lines = csvLines(await (await exportLegs("csv", MODAL_SHIFT_EXAMPLE)).text());
    const co2 = LEG_TABLE_HEADER.indexOf("排出CO₂(t-CO₂/年)");
    const totals = lines.filter((l) => l[0] === "合計").map((l) => Number(l[co2]));
    expect(totals).toEqual([json.before.tCO2, json.after.tCO2]);
    const rail = lines.find((l) => l[0] === "鉄道");
    expect(rail?.[3]).toBe("鉄道");
    expect(rail?.[7]).toBe(""); // no ℓ/t·km on a 従来トンキロ法 row …
    expect(rail?.[13]).toBe("22 g-CO₂/t·km"); // … its factor is stated instead
    expect(lines.find((l) => l[0] === "運転時間(時間/年)")).toEqual([
      "運転時間(時間/年)",
      "1600",
      "0",
      "1600",
      "100.0",
    ]);
  });

  it("answers 422 naming the leg's field, as the calculator does", async () => {
    const response = await exportLegs("csv", {
      before: [{ ...MLIT_WORKED_EXAMPLE.before[1], tonsPerYear: undefined }],
      after: [],
    });
    expect(response.status).toBe(422);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem.title).toBe("invalid_leg");
    expect(problem.errors?.map((e) => e.path)).toEqual(["body.before.0.tonsPerYear"]);
  });

  it("answers 422 for a format it does not write", async () => {
    const response = await exportLegs("pdf", MLIT_WORKED_EXAMPLE);
    expect(response.status).toBe(422);
    expect(ProblemSchema.parse(await response.json()).errors?.[0]?.path).toBe("query.format");
  });
});

describe("effectsCsv", () => {
  it("quotes commas and quotes, and turns a formula-looking name into text (CSV injection)", () => {
    const csv = effectsCsv({
      before: {
        rows: [{ label: '=HYPERLINK("x")', from: "A, B", tCO2: 1, tonKm: 0, driverHours: 0 }],
        tCO2: 1,
        driverHours: 0,
        truckTonKm: 0,
      },
      after: { rows: [], tCO2: 0, driverHours: 0, truckTonKm: 0 },
      reduction: {
        tCO2: 1,
        tCO2Pct: 100,
        driverHours: 0,
        driverHoursPct: null,
        truckTonKm: 0,
        truckTonKmPct: null,
      },
    });
    const line = csv.split("\r\n")[2] ?? "";
    expect(line.startsWith(`"'=HYPERLINK(""x"")","A, B",`)).toBe(true);
    // A rate that does not exist is an empty cell, not "null".
    expect(csv).toContain("運転時間(時間/年),0,0,0,\r\n");
  });
});

describe("POST /api/v1/effects/legs/export?format=xlsx", () => {
  it("writes a workbook whose cells, re-read with exceljs, hold the table with numbers kept numeric", async () => {
    const response = await exportLegs("xlsx", MLIT_WORKED_EXAMPLE);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(response.headers.get("content-disposition")).toContain('filename="tsunagu-co2-report.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    expect(sheet.getCell("A1").value).toBe("現行");
    expect(sheet.getRow(2).values).toEqual([undefined, ...LEG_TABLE_HEADER]);
    expect(sheet.getCell("A3").value).toBe("①");
    expect(sheet.getCell("H3").value).toBe(0.0285);
    expect(sheet.getCell("L3").value).toBe(84);
    expect(sheet.getCell("L3").numFmt).toBe("0.0");
    const totals: unknown[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(1).value === "合計") totals.push(row.getCell(12).value);
    });
    expect(totals).toEqual([566.9, 394.3]);
    let summary: unknown[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(1).value === "CO₂排出量(t-CO₂/年)") summary = (row.values as unknown[]).slice(1);
    });
    expect(summary).toEqual(["CO₂排出量(t-CO₂/年)", 566.9, 394.3, 172.6, 30.4]);
  });
});

describe("GET /api/v1/effects/examples/worked", () => {
  it("serves the engine's worked examples as calculator inputs", async () => {
    const response = await t.app.request("/api/v1/effects/examples/worked");
    expect(response.status).toBe(200);
    const body = EffectsWorkedExampleResponseSchema.parse(await response.json());
    expect(body.legs).toEqual(MLIT_WORKED_EXAMPLE);
    expect(body.waiting).toEqual(WAITING_EXAMPLE);
  });
});

describe("OpenAPI and rate limit", () => {
  it("documents the export with both media types, the example and its errors", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        {
          post?: { responses: Record<string, { content?: Record<string, unknown> }> };
          get?: { responses: Record<string, unknown> };
        }
      >;
    };
    const exportDoc = doc.paths["/api/v1/effects/legs/export"]?.post;
    expect(Object.keys(exportDoc?.responses["200"]?.content ?? {})).toEqual([
      "text/csv; charset=utf-8",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]);
    expect(Object.keys(exportDoc?.responses ?? {})).toEqual(expect.arrayContaining(["422", "429"]));
    expect(doc.paths["/api/v1/effects/examples/worked"]?.get?.responses).toHaveProperty("200");
  });

  it("counts exports against the calculator's bucket: 429 past the burst", async () => {
    const own = await createTestApp();
    try {
      let limited: Response | undefined;
      let passed = 0;
      for (let i = 0; i < 40 && !limited; i++) {
        const response = await exportLegs("csv", MLIT_WORKED_EXAMPLE, own.app);
        if (response.status === 429) limited = response;
        else passed++;
      }
      expect(passed).toBeGreaterThanOrEqual(30);
      if (!limited) throw new Error("no 429 within 40 exports");
      expect(ProblemSchema.parse(await limited.json()).title).toBe("rate_limited");
    } finally {
      own.cleanup();
    }
  });
});
