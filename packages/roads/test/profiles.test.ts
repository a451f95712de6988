import { describe, expect, it } from "vitest";
import { classifyRestriction, classifyWay, parseMaxspeed } from "../src/osm/tags";
import { canUse, DEFAULT_PROFILES, edgeTimesMs, profileHash, speedKmh, withOverrides } from "../src/profiles";
import { edgeBetween, importXml } from "./helpers";

/** One way of two nodes about 1 km apart (north–south, in Yamanashi), with the given tags. */
async function oneWay(tags: Record<string, string>) {
  const g = await importXml(
    [
      [1, 35.8, 138.4],
      [2, 35.809, 138.4],
    ],
    [{ id: 10, nodes: [1, 2], tags }],
  );
  return { g, along: edgeBetween(g, 1, 2), against: edgeBetween(g, 2, 1) };
}

describe("Japanese speed defaults", () => {
  const { car, van, wheelchair_van, kei_cargo, route_bus, foot } = DEFAULT_PROFILES;

  it("an unsigned general road (一般道) is driven at 80 % of the statutory 60 km/h", async () => {
    const { g, along } = await oneWay({ highway: "primary", name: "国道20号" });
    expect(speedKmh(g, car, along)).toBe(48);
    expect(speedKmh(g, van, along)).toBe(48);
    expect(speedKmh(g, wheelchair_van, along)).toBe(45);
  });

  it("a residential road without a centre line (生活道路) takes the 30 km/h statutory limit", async () => {
    const { g, along } = await oneWay({ highway: "residential" });
    expect(speedKmh(g, car, along)).toBe(24);
    const marked = await oneWay({ highway: "residential", lanes: "2" });
    expect(speedKmh(marked.g, car, marked.along)).toBe(48);
    const narrowTertiary = await oneWay({ highway: "tertiary", lanes: "1" });
    expect(speedKmh(narrowTertiary.g, car, narrowTertiary.along)).toBe(24);
  });

  it("a signed maxspeed wins over the class default, per direction", async () => {
    const { g, along, against } = await oneWay({
      highway: "secondary",
      maxspeed: "40",
      "maxspeed:backward": "30",
    });
    expect(speedKmh(g, car, along)).toBe(32);
    expect(speedKmh(g, car, against)).toBe(24);
  });

  it("narrow mountain roads (山間部の狭い道) are slower: width under 4 m, narrow=yes, tracks", async () => {
    const narrow = await oneWay({ highway: "unclassified", width: "3.0", maxspeed: "40" });
    expect(speedKmh(narrow.g, car, narrow.along)).toBe(20);
    expect(speedKmh(narrow.g, route_bus, narrow.along)).toBe(15);
    const track = await oneWay({ highway: "track", tracktype: "grade2" });
    expect(speedKmh(track.g, car, track.along)).toBe(15);
    expect(canUse(track.g, route_bus, track.along)).toBe(false);
  });

  it("expressways: 100 km/h statutory, each vehicle kind's own top speed caps it", async () => {
    const { g, along, against } = await oneWay({ highway: "motorway", ref: "E20" });
    expect(speedKmh(g, car, along)).toBe(80);
    expect(speedKmh(g, kei_cargo, along)).toBe(80);
    expect(speedKmh(g, route_bus, along)).toBe(60);
    expect(canUse(g, car, against)).toBe(false);
    expect(canUse(g, foot, along)).toBe(false);
  });

  it("walking: 80 m a minute both ways, also against a oneway, half that on steps", async () => {
    const { g, along, against } = await oneWay({ highway: "residential", oneway: "yes" });
    expect(canUse(g, car, against)).toBe(false);
    expect(canUse(g, foot, against)).toBe(true);
    expect(speedKmh(g, foot, along)).toBe(4.8);
    const steps = await oneWay({ highway: "steps" });
    expect(speedKmh(steps.g, foot, steps.along)).toBe(2.4);
    expect(canUse(steps.g, car, steps.along)).toBe(false);
  });

  it("access: motor_vehicle=no and private close a road to vehicles only; psv=yes opens it to buses", async () => {
    const noMotor = await oneWay({ highway: "unclassified", motor_vehicle: "no" });
    expect(canUse(noMotor.g, car, noMotor.along)).toBe(false);
    expect(canUse(noMotor.g, kei_cargo, noMotor.along)).toBe(false);
    expect(canUse(noMotor.g, foot, noMotor.along)).toBe(true);
    const busOnly = await oneWay({ highway: "unclassified", motor_vehicle: "no", psv: "yes" });
    expect(canUse(busOnly.g, route_bus, busOnly.along)).toBe(true);
    expect(canUse(busOnly.g, car, busOnly.along)).toBe(false);
    const delivery = await oneWay({ highway: "service", motor_vehicle: "private", goods: "yes" });
    expect(canUse(delivery.g, kei_cargo, delivery.along)).toBe(true);
    expect(canUse(delivery.g, car, delivery.along)).toBe(false);
    const contraflowBus = await oneWay({ highway: "tertiary", oneway: "yes", "oneway:psv": "no" });
    expect(canUse(contraflowBus.g, route_bus, contraflowBus.against)).toBe(true);
    expect(canUse(contraflowBus.g, van, contraflowBus.against)).toBe(false);
  });

  it("edge times follow from length and speed, in whole milliseconds", async () => {
    const { g, along } = await oneWay({ highway: "primary" });
    const metres = (g.edgeLengthCm[along] as number) / 100;
    expect(metres).toBeGreaterThan(995);
    expect(metres).toBeLessThan(1005);
    // 48 km/h = 13.33 m/s
    expect(edgeTimesMs(g, car)[along]).toBe(Math.round((metres / (48 / 3.6)) * 1000));
  });

  it("a municipality's overrides change speeds and the profile hash", async () => {
    const { g, along } = await oneWay({ highway: "residential" });
    const slower = withOverrides(car, { noCentreLineLimitKmh: 20, classCapKmh: { residential: 12 } });
    expect(speedKmh(g, slower, along)).toBe(12);
    expect(speedKmh(g, withOverrides(car, { drivenShare: 1 }), along)).toBe(30);
    expect(profileHash(slower)).not.toBe(profileHash(car));
    expect(profileHash(withOverrides(car, {}))).toBe(profileHash(car));
  });
});

describe("tag reading", () => {
  it("reads maxspeed values in km/h, mph and zone codes", () => {
    expect(parseMaxspeed("40")).toBe(40);
    expect(parseMaxspeed("50 km/h")).toBe(50);
    expect(parseMaxspeed("30 mph")).toBe(48);
    expect(parseMaxspeed("JP:zone30")).toBe(30);
    expect(parseMaxspeed("none")).toBe(0);
    expect(parseMaxspeed(undefined)).toBe(0);
  });

  it("says why a way is dropped", () => {
    expect(classifyWay({ building: "yes" })).toEqual({ keep: false, reason: "not_a_highway" });
    expect(classifyWay({ highway: "construction" })).toEqual({ keep: false, reason: "not_built" });
    expect(classifyWay({ highway: "raceway" })).toEqual({ keep: false, reason: "unsupported_class" });
    expect(classifyWay({ highway: "pedestrian", area: "yes" })).toEqual({ keep: false, reason: "area" });
    expect(classifyWay({ highway: "service", access: "private" })).toEqual({
      keep: false,
      reason: "no_access",
    });
  });

  it("reads turn restrictions, their vehicles and exceptions", () => {
    expect(classifyRestriction({ type: "restriction", restriction: "no_right_turn" })).toEqual({
      kind: "no",
      vehicles: 7,
    });
    expect(
      classifyRestriction({ type: "restriction", restriction: "only_straight_on", except: "psv" }),
    ).toEqual({
      kind: "only",
      vehicles: 5,
    });
    expect(
      classifyRestriction({ type: "restriction", "restriction:conditional": "no_left_turn @ (7:00-9:00)" }),
    ).toBe(undefined);
    expect(
      classifyRestriction({ type: "restriction", restriction: "no_entry", except: "motor_vehicle" }),
    ).toBe(undefined);
  });
});
