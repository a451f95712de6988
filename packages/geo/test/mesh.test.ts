import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MeshCodeError, type MeshLevel, meshBounds, meshCentre, meshLevelOf, toMeshCode } from "../src/mesh";

const LEVELS: MeshLevel[] = ["1st", "2nd", "3rd", "half", "quarter"];

describe("toMeshCode", () => {
  it("gives the published codes for Tokyo Station (35.681236, 139.767125)", () => {
    // 3rd mesh 53394611 is the value in the Statistics Bureau's mesh documentation examples.
    expect(toMeshCode(35.681236, 139.767125, "1st")).toBe("5339");
    expect(toMeshCode(35.681236, 139.767125, "2nd")).toBe("533946");
    expect(toMeshCode(35.681236, 139.767125, "3rd")).toBe("53394611");
    // Inside 53394611 the point is in the north half (y 0.748) and west half (x 0.37) → 3,
    // then in that half-cell south (0.496) and east (0.74) → 2.
    expect(toMeshCode(35.681236, 139.767125, "half")).toBe("533946113");
    expect(toMeshCode(35.681236, 139.767125, "quarter")).toBe("5339461132");
  });

  it("gives 5338 cells for Kosuge village (35.7599, 138.9405)", () => {
    expect(toMeshCode(35.7599, 138.9405, "1st")).toBe("5338");
  });

  it("puts points on the south/west edge in the cell and on the north/east edge in the neighbour", () => {
    const b = meshBounds("53394611");
    expect(toMeshCode(b.south, b.west, "3rd")).toBe("53394611");
    expect(toMeshCode(b.north, b.west, "3rd")).toBe("53394621");
    expect(toMeshCode(b.south, b.east, "3rd")).toBe("53394612");
    // Crossing a 1st-mesh boundary: the east edge of column w=9 is the next 2nd mesh.
    const e = meshBounds("53394619");
    expect(toMeshCode(e.south, e.east, "3rd")).toBe("53394710");
    const n = meshBounds("53397491");
    expect(toMeshCode(n.north, n.west, "3rd")).toBe("54390401");
  });

  it("refuses coordinates outside the code range", () => {
    expect(() => toMeshCode(Number.NaN, 139, "3rd")).toThrow(MeshCodeError);
    expect(() => toMeshCode(35, 99.9, "3rd")).toThrow(MeshCodeError);
    expect(() => toMeshCode(-1, 139, "1st")).toThrow(MeshCodeError);
    expect(() => toMeshCode(70, 139, "1st")).toThrow(/outside/);
  });
});

describe("meshLevelOf", () => {
  it("recognises each level by length", () => {
    expect(LEVELS.map((l) => meshLevelOf(toMeshCode(35.68, 139.76, l)))).toEqual(LEVELS);
  });

  it.each([
    ["", "digits only"],
    ["53a9", "digits only"],
    ["53394", "4, 6, 8, 9 or 10"],
    ["5339461", "4, 6, 8, 9 or 10"],
    ["533986", "0–7"],
    ["533946115", "1–4"],
    ["5339461130", "1–4"],
  ])("throws a MeshCodeError for %j", (code, msg) => {
    try {
      meshLevelOf(code);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MeshCodeError);
      expect((e as MeshCodeError).code).toBe("MESH_CODE_MALFORMED");
      expect((e as Error).message).toContain(msg);
    }
  });
});

describe("meshBounds / meshCentre", () => {
  it("has the documented sizes", () => {
    const sizes: Record<MeshLevel, [number, number]> = {
      "1st": [40 / 60, 1],
      "2nd": [5 / 60, 7.5 / 60],
      "3rd": [30 / 3600, 45 / 3600],
      half: [15 / 3600, 22.5 / 3600],
      quarter: [7.5 / 3600, 11.25 / 3600],
    };
    for (const level of LEVELS) {
      const b = meshBounds(toMeshCode(35.68, 139.76, level));
      expect(b.north - b.south).toBeCloseTo(sizes[level][0], 12);
      expect(b.east - b.west).toBeCloseTo(sizes[level][1], 12);
    }
  });

  it("5339 starts at 35°20′N 139°E", () => {
    expect(meshBounds("5339")).toEqual({ south: 53 / 1.5, west: 139, north: 54 / 1.5, east: 140 });
  });

  it("round-trips centre → code and contains the point, at every level (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 46, noNaN: true }),
        fc.double({ min: 122, max: 154, noNaN: true }),
        fc.constantFrom(...LEVELS),
        (lat, lon, level) => {
          const code = toMeshCode(lat, lon, level);
          const b = meshBounds(code);
          expect(lat).toBeGreaterThanOrEqual(b.south - 1e-9);
          expect(lat).toBeLessThan(b.north + 1e-9);
          expect(lon).toBeGreaterThanOrEqual(b.west - 1e-9);
          expect(lon).toBeLessThan(b.east + 1e-9);
          const c = meshCentre(code);
          expect(toMeshCode(c.lat, c.lon, level)).toBe(code);
          expect(toMeshCode(b.south, b.west, level)).toBe(code);
          // Children of a code start with it.
          if (level !== "quarter") {
            expect(
              toMeshCode(lat, lon, LEVELS[LEVELS.indexOf(level) + 1] as MeshLevel).startsWith(code),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
