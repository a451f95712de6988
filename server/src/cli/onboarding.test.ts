import { type Database, schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli";
import { type CliDatabase, cliDatabase } from "../test/cliDatabase";
import { makeMunicipality } from "../test/factories";
import { sharedDataAvailable, sharedDataPath } from "../test/sharedData";
import type { CliIo } from "./io";

const KOSUGE = "yamanashi-kosuge/boundary_n03_19442_kosuge.geojson";
const POP = "yamanashi-kosuge/pop_2020_5338.zip";
const hasData = sharedDataAvailable(KOSUGE, POP);

let database: Database;
let io: CliIo & { out: string[]; err: string[] };
let world: CliDatabase;

beforeEach(async () => {
  world = await cliDatabase("tsunagu-onboard-");
  ({ database, io } = world);
  await makeMunicipality(database, "194425", "小菅村");
});
afterEach(() => world.cleanup());

describe.skipIf(!hasData)("tsunagu boundary import / population import", () => {
  it("loads 小菅村's boundary and 2020 population by its 5-digit code, as the API does", async () => {
    expect(await main(["boundary", "import", "--municipality", "19442", sharedDataPath(KOSUGE)], io)).toBe(0);
    expect(io.out.join("")).toContain("山梨県北都留郡小菅村 (194425): 1 polygon(s)");
    expect(await main(["population", "import", "--municipality", "194425", sharedDataPath(POP)], io)).toBe(0);
    expect(io.out.join("")).toContain(
      "国勢調査 2020 (3rd mesh, 1st mesh 5338): 673 people, 303 aged 65+, 161 aged 75+",
    );
    const [row] = await database.db
      .select()
      .from(schema.municipalities)
      .where(eq(schema.municipalities.code, "194425"));
    expect(row?.populationCensusYear).toBe(2020);
    expect(io.err).toEqual([]);
  });

  it("refuses a wrong check digit (exit 2) and names the problem of a refused file (exit 1)", async () => {
    expect(await main(["boundary", "import", "--municipality", "194420", sharedDataPath(KOSUGE)], io)).toBe(
      2,
    );
    expect(io.err.join("")).toContain("check digit");
    expect(await main(["population", "import", "--municipality", "194425", sharedDataPath(POP)], io)).toBe(1);
    expect(io.err.join("")).toContain("boundary first");
  });
});
