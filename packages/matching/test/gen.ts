import fc from "fast-check";
import { euclideanTable } from "../src/matrix";
import type { Problem, TransportRequest, Vehicle } from "../src/model";

/** Small random DARP/PDPTW instances on a 100×100 plane with 2 capacity dimensions. */
export const smallProblem: fc.Arbitrary<Problem> = fc
  .record({
    points: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), {
      minLength: 4,
      maxLength: 14,
    }),
    vehicles: fc.array(
      fc.record({
        seats: fc.integer({ min: 1, max: 4 }),
        chairs: fc.integer({ min: 0, max: 1 }),
        wheelchair: fc.boolean(),
        start: fc.integer({ min: 0, max: 200 }),
        length: fc.integer({ min: 200, max: 1000 }),
        maxRoute: fc.option(fc.integer({ min: 150, max: 600 }), { nil: undefined }),
        twoShifts: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    requests: fc.array(
      fc.record({
        p: fc.nat(),
        d: fc.nat(),
        seats: fc.integer({ min: 0, max: 2 }),
        chairs: fc.integer({ min: 0, max: 1 }),
        windowAt: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
        windowOnDelivery: fc.boolean(),
        width: fc.integer({ min: 20, max: 300 }),
        service: fc.integer({ min: 0, max: 10 }),
        ride: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        priority: fc.constantFrom(1, 1, 3),
      }),
      { minLength: 1, maxLength: 9 },
    ),
  })
  .map(({ points, vehicles, requests }) => {
    const table = euclideanTable(points);
    const n = points.length;
    const vs: Vehicle[] = vehicles.map((v, i) => ({
      id: `v${i}`,
      startLocation: 0,
      endLocation: i % 2 === 0 ? 0 : 1,
      availability: v.twoShifts
        ? [
            { start: v.start, end: v.start + v.length / 2 },
            { start: v.start + v.length / 2 + 10, end: v.start + v.length + 10 },
          ]
        : [{ start: v.start, end: v.start + v.length }],
      capacity: [v.seats, v.chairs],
      skills: v.wheelchair ? ["wheelchair"] : [],
      ...(v.maxRoute !== undefined ? { maxRouteSeconds: v.maxRoute } : {}),
    }));
    const rs: TransportRequest[] = requests.map((r, i) => {
      const p = 1 + (r.p % (n - 1));
      let d = 1 + (r.d % (n - 1));
      if (d === p) d = d === n - 1 ? 1 : d + 1;
      const w = r.windowAt !== undefined ? { start: r.windowAt, end: r.windowAt + r.width } : undefined;
      const direct = table.durations[p * n + d] as number;
      return {
        id: `r${i}`,
        pickup: {
          location: p,
          serviceSeconds: r.service,
          ...(w && !r.windowOnDelivery ? { timeWindow: w } : {}),
        },
        delivery: {
          location: d,
          serviceSeconds: r.service,
          ...(w && r.windowOnDelivery ? { timeWindow: w } : {}),
        },
        load: [Math.max(r.chairs === 0 ? 1 : 0, r.seats), r.chairs],
        ...(r.chairs > 0 ? { requiredSkills: ["wheelchair"] } : {}),
        ...(r.ride !== undefined ? { maxRideSeconds: direct + r.ride } : {}),
        priority: r.priority,
      };
    });
    return { vehicles: vs, requests: rs, travel: { default: table } } satisfies Problem;
  });
