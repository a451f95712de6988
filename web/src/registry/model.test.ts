import type { GtfsTimetable, Vehicle } from "@tsunagu/contract";
import { VehicleInputSchema } from "@tsunagu/contract";
import { describe, expect, it } from "vitest";
import {
  availabilityFromRows,
  draftFromVehicle,
  draftToInput,
  emptyDraft,
  errorId,
  fieldErrors,
  firstDeparture,
  gtfsIssueParts,
  isoWeekday,
  messageIdForProblem,
  minutesOf,
  statusOn,
  timetablePatterns,
  todayInJapan,
  weeklyGrid,
} from "./model";

const vehicle: Vehicle = {
  id: "veh-1",
  municipalityCode: "991007",
  archived: null,
  kind: "van",
  name: "ひだまり送迎車",
  organisationId: "org-1",
  seats: 8,
  wheelchairs: 0,
  cargoKg: 150,
  cargoLitres: 600,
  features: ["lift"],
  fuel: "petrol",
  kmPerLitre: 9.5,
  kWhPerKm: null,
  payloadKg: null,
  depotPlaceId: "place-1",
  availability: {
    weekly: [{ days: [1, 2, 3, 4, 5], from: "10:00", to: "15:30" }],
    exceptions: [{ date: "2026-08-13", windows: [] }],
  },
  createdAt: "2026-01-01T00:00:00Z",
};

describe("minutesOf", () => {
  it("reads clock times, also past midnight as GTFS writes them", () => {
    expect(minutesOf("10:30")).toBe(630);
    expect(minutesOf("25:10")).toBe(25 * 60 + 10);
    expect(minutesOf("")).toBeNull();
    expect(minutesOf("10:75")).toBeNull();
  });
});

describe("weeklyGrid", () => {
  it("shades each named weekday, merges overlaps and clips drawing to 6–22 but not the total", () => {
    const grid = weeklyGrid([
      { days: [1, 3], from: "05:00", to: "08:00" },
      { days: [1], from: "07:30", to: "09:00" },
      { days: [7], from: "20:00", to: "23:00" },
    ]);
    expect(grid).toHaveLength(7);
    expect(grid[0]).toEqual({
      day: 1,
      windows: [{ from: 300, to: 540 }],
      segments: [{ from: 360, to: 540 }],
      minutes: 240,
    });
    expect(grid[2]?.segments).toEqual([{ from: 360, to: 480 }]);
    expect(grid[1]).toEqual({ day: 2, windows: [], segments: [], minutes: 0 });
    expect(grid[6]?.segments).toEqual([{ from: 1200, to: 1320 }]);
    expect(grid[6]?.minutes).toBe(180);
  });

  it("leaves out a row that ends before it starts or is half typed", () => {
    const grid = weeklyGrid([
      { days: [2], from: "15:00", to: "10:00" },
      { days: [2], from: "", to: "10:00" },
    ]);
    expect(grid[1]?.segments).toEqual([]);
  });
});

describe("vehicle drafts", () => {
  it("round-trips a vehicle through the form into a body the contract accepts", () => {
    const input = draftToInput(draftFromVehicle(vehicle));
    const parsed = VehicleInputSchema.safeParse(input);
    expect(parsed.success).toBe(true);
    expect(input.availability).toEqual(vehicle.availability);
  });

  it("sends an emptied required number as null (JSON of NaN) so the server names the field", () => {
    const draft = { ...draftFromVehicle(vehicle), seats: "" };
    const body = JSON.parse(JSON.stringify(draftToInput(draft))) as { seats: unknown };
    expect(body.seats).toBeNull();
    const parsed = VehicleInputSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.path.join(".") === "seats")).toBe(true);
  });

  it("starts a new vehicle with a weekday window; the server asks for its fuel economy", () => {
    const parsed = VehicleInputSchema.safeParse({ ...draftToInput(emptyDraft()), name: "新しい車" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["kmPerLitre"]);
  });

  it("sorts weekdays and drops an empty note", () => {
    const out = availabilityFromRows(
      [{ key: 1, days: [5, 1], from: "09:00", to: "12:00" }],
      [{ key: 2, date: "2026-05-05", windows: [{ from: "13:00", to: "14:00" }], note: "  " }],
    );
    expect(out).toEqual({
      weekly: [{ days: [1, 5], from: "09:00", to: "12:00" }],
      exceptions: [{ date: "2026-05-05", windows: [{ from: "13:00", to: "14:00" }] }],
    });
  });
});

describe("errors", () => {
  it("keys problem paths by the field inside the body, first message wins", () => {
    expect(
      fieldErrors([
        { path: "body.availability.weekly.0.to", message: "must end after it starts (from < to)" },
        { path: "body.availability.weekly.0.to", message: "second" },
        { path: "body", message: "is empty" },
      ]),
    ).toEqual({ "availability.weekly.0.to": "must end after it starts (from < to)", "": "is empty" });
    expect(errorId("availability.weekly.0.to")).toBe("err-availability-weekly-0-to");
  });

  it("turns the contract's rule codes into message ids and leaves other problems to the server's words", () => {
    expect(messageIdForProblem("window_ends_before_start")).toBe("err.windowOrder");
    expect(messageIdForProblem("required")).toBe("err.required");
    expect(messageIdForProblem("too_big")).toBeUndefined();
    expect(messageIdForProblem(undefined)).toBeUndefined();
  });

  it("splits a GTFS problem path into file, line and field", () => {
    expect(gtfsIssueParts("stops.txt:12:stop_lat")).toEqual({
      file: "stops.txt",
      line: "12",
      field: "stop_lat",
    });
    expect(gtfsIssueParts("zip:0:")).toEqual({ file: "zip", line: "", field: "" });
  });
});

describe("timetablePatterns", () => {
  const call = (stopId: string, departure: string | null) => ({ stopId, departure });
  const trip = (tripId: string, calls: ReturnType<typeof call>[]) => ({
    tripId,
    serviceId: "weekday",
    headsign: null,
    spareSeats: 0,
    spareCargoKg: 0,
    spareCargoLitres: 0,
    calls,
  });
  const route: GtfsTimetable["routes"][number] = {
    routeId: "r1",
    name: "循環線",
    color: null,
    line: [
      { stopId: "a", name: "役場前", lat: 35, lon: 136 },
      { stopId: "b", name: "診療所", lat: 35.01, lon: 136.01 },
    ],
    trips: [
      trip("t1", [call("a", "08:00"), call("b", "08:10")]),
      trip("t2", [call("b", "09:00"), call("a", "09:10")]),
      trip("t3", [call("a", "24:50"), call("b", "25:10")]),
      trip("t4", [call("c", null)]),
    ],
  };

  it("groups trips by the stops they call at, one table per direction, keeping late times", () => {
    const patterns = timetablePatterns(route);
    expect(patterns.map((p) => p.trips.map((t) => t.tripId))).toEqual([["t1", "t3"], ["t2"], ["t4"]]);
    expect(patterns[1]?.stops.map((s) => s.name)).toEqual(["診療所", "役場前"]);
    // A stop not on the drawn line still gets a column, named by its id.
    expect(patterns[2]?.stops).toEqual([{ stopId: "c", name: "c" }]);
    const late = patterns[0]?.trips[1];
    const timeless = patterns[2]?.trips[0];
    if (!late || !timeless) throw new Error("patterns lost a trip");
    expect(firstDeparture(late)).toBe("24:50");
    expect(firstDeparture(timeless)).toBe("—");
  });
});

describe("drone route status", () => {
  const route = { days: [1, 2, 3, 4, 5, 6], suspensions: [{ date: "2026-12-02", reason: "強風" }] };

  it("numbers weekdays the ISO way and refuses what is not a date", () => {
    expect(isoWeekday("2026-11-30")).toBe(1); // a Monday
    expect(isoWeekday("2026-12-06")).toBe(7); // a Sunday
    expect(isoWeekday("")).toBeNull();
    expect(isoWeekday("2026-13-01")).toBeNull();
  });

  it("says 運休 on a suspended day, else whether the route flies that weekday", () => {
    expect(statusOn(route, "2026-12-02")).toBe("suspended");
    expect(statusOn(route, "2026-12-03")).toBe("running");
    expect(statusOn(route, "2026-12-06")).toBe("notScheduled");
    expect(statusOn(route, "")).toBe("notScheduled");
  });

  it("takes today from the Japanese clock, not UTC", () => {
    expect(todayInJapan(new Date("2026-12-01T15:30:00Z"))).toBe("2026-12-02");
    expect(todayInJapan(new Date("2026-12-01T14:59:00Z"))).toBe("2026-12-01");
  });
});
