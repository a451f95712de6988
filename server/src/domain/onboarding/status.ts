/**
 * The onboarding checklist: 境界 → 人口 → 時刻表 → 施設 → 車両・運転者 → 住民 →
 * ドローン, each with its state, its counts and what is missing, and whether
 * the 交通空白 map and a match run can work yet. Counts only, no personal data.
 */
import type { BoundaryFacts, OnboardingStatus, PopulationReport } from "@tsunagu/contract";
import { onboardingCounts } from "@tsunagu/db";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";

type Step = OnboardingStatus["steps"][number];

const step = (key: Step["key"], missing: string[], counts: Step["counts"], optional = false): Step => ({
  key,
  state: missing.length === 0 ? "done" : optional ? "optional" : "todo",
  counts,
  missing,
});

export async function onboardingStatusOf(ctx: DomainContext, code: string): Promise<OnboardingStatus> {
  const m = await requireMunicipality(ctx.db, code);
  const n = await onboardingCounts(ctx.db, code);
  const hasBoundary = m.boundaryGeojson !== null;
  const boundary = m.boundaryImport ? (JSON.parse(m.boundaryImport) as BoundaryFacts) : null;
  const population = m.populationImport ? (JSON.parse(m.populationImport) as PopulationReport) : null;
  // A generated (demo) town has mesh cells without an import report.
  const hasPopulation = n.meshCells > 0;
  const steps: Step[] = [
    step(
      "boundary",
      hasBoundary ? [] : ["no_boundary"],
      boundary ? { polygons: boundary.polygons, areaKm2: boundary.areaKm2 } : {},
    ),
    step(
      "population",
      hasPopulation ? [] : hasBoundary ? ["no_population"] : ["needs_boundary_first"],
      population
        ? { people: population.people, age65plus: population.age65plus, censusYear: population.censusYear }
        : { cells: n.meshCells },
    ),
    step("timetables", n.feeds > 0 ? [] : ["no_feed"], { feeds: n.feeds }),
    step("facilities", n.places > 0 ? [] : ["no_places"], { places: n.places }),
    step(
      "vehicles_drivers",
      [...(n.vehicles > 0 ? [] : ["no_vehicles"]), ...(n.drivers > 0 ? [] : ["no_drivers"])],
      { vehicles: n.vehicles, drivers: n.drivers },
    ),
    step("residents", n.residents > 0 ? [] : ["no_residents"], { residents: n.residents }),
    step(
      "drones",
      [...(n.dronePorts > 0 ? [] : ["no_drone_ports"]), ...(n.droneRoutes > 0 ? [] : ["no_drone_routes"])],
      { dronePorts: n.dronePorts, droneRoutes: n.droneRoutes },
      true,
    ),
  ];
  return {
    code,
    name: m.name,
    steps,
    coverageReady: hasBoundary && hasPopulation && n.feeds > 0,
    matchReady: n.vehicles > 0 && n.residents > 0,
  };
}
