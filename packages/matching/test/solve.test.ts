import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCordeau, checkLiLim } from "../bench/check";
import { cordeauToProblem } from "../bench/cordeau";
import { lilimToProblem } from "../bench/lilim";
import { euclideanTable, type Problem, solve } from "../src/index";
import { benchFile } from "./benchData";
import { smallProblem } from "./gen";
import { planViolations } from "./planCheck";

describe("solve: feasibility properties", () => {
  it("every plan respects capacity, windows, precedence, ride time, duration, skills and coverage", () => {
    fc.assert(
      fc.property(
        smallProblem,
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        (problem, seed, vehiclesFirst) => {
          const res = solve(problem, {
            seed,
            maxIterations: 60,
            timeLimitMs: 5_000,
            objective: vehiclesFirst ? "vehicles" : "cost",
          });
          expect(res.status).not.toBe("invalid");
          expect(planViolations(problem, res)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("serves a request whenever it fits alone in an empty vehicle and nothing else competes", () => {
    fc.assert(
      fc.property(smallProblem, (problem) => {
        const first = problem.requests[0];
        if (!first) return;
        const single: Problem = { ...problem, requests: [first] };
        const res = solve(single, { maxIterations: 5 });
        if (res.status === "invalid") throw new Error("invalid");
        // Either served, or a reason other than "no room" (nothing else is in the plan).
        if (res.unassigned.length > 0) expect(res.unassigned[0]?.code).not.toBe("NO_ROOM_IN_PLAN");
      }),
      { numRuns: 100 },
    );
  });
});

describe("solve: determinism and budget", () => {
  const lc = benchFile("li-lim-pdptw/instances/100/lr104.txt");
  it.skipIf(!lc)("gives the same plan for the same seed and iteration limit", () => {
    const problem = lilimToProblem(readFileSync(lc as string, "utf8"));
    const a = solve(problem, { seed: 7, maxIterations: 300, timeLimitMs: 60_000 });
    const b = solve(problem, { seed: 7, maxIterations: 300, timeLimitMs: 60_000 });
    if (a.status === "invalid" || b.status === "invalid") throw new Error("invalid");
    expect(a.stats.iterations).toBe(300);
    expect(JSON.stringify(a.routes)).toBe(JSON.stringify(b.routes));
  });

  it.skipIf(!lc)("stops within the time budget", () => {
    const problem = lilimToProblem(readFileSync(lc as string, "utf8"));
    // The budget is spent on this process's CPU time: wall time on a shared machine also counts
    // the time other processes hold the cores, which says nothing about when the solver stops.
    const cpuMs = () => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1000;
    };
    for (const objective of ["cost", "vehicles"] as const) {
      const t0 = cpuMs();
      const res = solve(problem, { timeLimitMs: 300, objective, now: cpuMs });
      const took = cpuMs() - t0;
      expect(res.status).toBe("solved");
      // Margin for the last iteration and the answer; the exact check is the fake-clock test below.
      expect(took).toBeLessThan(300 + 250);
    }
  });

  it.skipIf(!lc)("counts validation and construction against the budget (fake clock)", () => {
    const problem = lilimToProblem(readFileSync(lc as string, "utf8"));
    for (const objective of ["cost", "vehicles"] as const) {
      // Every clock read advances 0.05 ms: time is a pure function of the work done.
      let t = 1000;
      const now = () => {
        t += 0.05;
        return t;
      };
      const res = solve(problem, { timeLimitMs: 300, objective, now });
      if (res.status === "invalid") throw new Error("invalid");
      // The clock started before anything else and nothing but the final read follows the
      // deadline check of the last iteration.
      expect(res.stats.elapsedMs).toBeGreaterThanOrEqual(300);
      expect(res.stats.elapsedMs).toBeLessThan(300 + 1);
      expect(t - 1000).toBeLessThan(300 + 1);
    }
  });

  it.skipIf(!lc)("finishes construction greedily when its share of the budget is used up", () => {
    const problem = lilimToProblem(readFileSync(lc as string, "utf8"));
    // A clock that jumps 1 ms per read: the construction's 30 % of a 20 ms budget is gone
    // after a few regret picks, yet every request must still be tried (and here placed).
    let t = 0;
    let reads = 0;
    const now = () => {
      reads++;
      t += 1;
      return t;
    };
    const res = solve(problem, { timeLimitMs: 20, objective: "vehicles", now });
    if (res.status === "invalid") throw new Error("invalid");
    expect(res.status).toBe("solved");
    expect(res.summary.served).toBe(problem.requests.length);
    expect(reads).toBeLessThan(40);
    expect(planViolations(problem, res)).toEqual([]);
  });

  it("reports progress with growing iteration counts", () => {
    const table = euclideanTable([
      [0, 0],
      [10, 0],
      [20, 0],
    ]);
    const problem: Problem = {
      vehicles: [{ id: "v", startLocation: 0, availability: [{ start: 0, end: 1000 }], capacity: [1] }],
      requests: [{ id: "r", pickup: { location: 1 }, delivery: { location: 2 }, load: [1] }],
      travel: { default: table },
    };
    const seen: number[] = [];
    const res = solve(problem, { maxIterations: 50, progressIntervalMs: 0 }, (p) => seen.push(p.iterations));
    expect(res.status).toBe("solved");
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });
});

describe("solve: benchmark instances with a short budget (feasibility, not gap)", () => {
  const li = benchFile("li-lim-pdptw/instances/100/lrc102.txt");
  it.skipIf(!li)("Li & Lim lrc102, vehicles objective", () => {
    const text = readFileSync(li as string, "utf8");
    const res = solve(lilimToProblem(text), { objective: "vehicles", timeLimitMs: 3_000 });
    if (res.status === "invalid") throw new Error("invalid");
    const routes = res.routes.map((r) =>
      r.stops.filter((s) => s.requestId !== undefined).map((s) => s.location),
    );
    const check = checkLiLim(text, routes);
    expect(check.errors).toEqual([]);
    expect(res.unassigned).toEqual([]);
  });

  const big = benchFile("li-lim-pdptw/instances/1000/LRC1_10_1.txt");
  it.skipIf(!big)(
    "Li & Lim LRC1_10_1 (1000 tasks: pruned insertion, seeded fleet ruins), deterministic",
    () => {
      const text = readFileSync(big as string, "utf8");
      const problem = lilimToProblem(text);
      const opts = { objective: "vehicles" as const, maxIterations: 400, timeLimitMs: 120_000, seed: 3 };
      const res = solve(problem, opts);
      if (res.status === "invalid") throw new Error("invalid");
      expect(res.stats.iterations).toBe(400);
      expect(res.unassigned).toEqual([]);
      const routes = res.routes.map((r) =>
        r.stops.filter((s) => s.requestId !== undefined).map((s) => s.location),
      );
      expect(checkLiLim(text, routes).errors).toEqual([]);
      const again = solve(problem, opts);
      if (again.status === "invalid") throw new Error("invalid");
      expect(JSON.stringify(again.routes)).toBe(JSON.stringify(res.routes));
    },
  );

  const darp = benchFile("cordeau-darp/instances/cordeau2006/b3-36.txt");
  it.skipIf(!darp)("Cordeau b3-36 (ride time, duration)", () => {
    const text = readFileSync(darp as string, "utf8");
    const { problem } = cordeauToProblem(text, "b3-36");
    const res = solve(problem, { timeLimitMs: 3_000 });
    if (res.status === "invalid") throw new Error("invalid");
    expect(res.unassigned).toEqual([]);
    const check = checkCordeau(
      text,
      false,
      res.routes.map((r) => {
        const v = r.stops.filter((s) => s.requestId !== undefined);
        return {
          nodes: v.map((s) => s.location),
          starts: v.map((s) => s.serviceStart),
          departure: r.stops[0]?.departure ?? 0,
          returnAt: r.stops[r.stops.length - 1]?.arrival ?? 0,
        };
      }),
    );
    expect(check.errors).toEqual([]);
    expect(planViolations(problem, res)).toEqual([]);
  });
});
