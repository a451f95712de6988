/**
 * 交通空白: where the municipality's public transport does not reach, who
 * lives there, what extra supply (on-demand zones, facility vans, school-bus
 * seats, drones) would change, and the same as CSV or GeoJSON files. Also the
 * departures per stop the analysis counts. The geo engine computes; this
 * module loads, converts and refuses.
 */
import {
  type CoverageRequest,
  type CoverageResponse,
  type StopServiceResponse,
  tokyoNow,
} from "@tsunagu/contract";
import { loadCoverageRows, loadGtfsFeedRows } from "@tsunagu/db";
import { analyseCoverage, analyseWhatIf, type CoverageProblem, resolveCoverageParams } from "@tsunagu/geo";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import {
  bandSeconds,
  boundaryArea,
  chooseServiceDate,
  resolveRequest,
  stopService,
  toCoverageInput,
  toCoverageResponse,
  toCsv,
  toFieldProblems,
  toGeojsonExport,
  toLoadedFeed,
  toSupply,
} from "./convert";

/** The municipality's coverage rows and every public-transport feed in engine shape. */
async function loadInputs(ctx: DomainContext, code: string) {
  const { db } = ctx;
  const rows = await loadCoverageRows(db, code);
  if (!rows) throw new DomainError("not_found", `No municipality ${code}.`);
  const feedRows = await Promise.all(rows.feeds.map((f) => loadGtfsFeedRows(db, code, f.id)));
  const feeds = feedRows.flatMap((r) => (r ? [toLoadedFeed(r)] : []));
  return { rows, feeds, today: tokyoNow(ctx.now).date };
}

function invalid(problems: readonly CoverageProblem[]): DomainError {
  return new DomainError("validation_failed", "The request has invalid fields.", {
    errors: toFieldProblems(problems),
  });
}

/** Departures per boardable stop within a time band on one service day. */
export async function stopServiceOf(
  ctx: DomainContext,
  code: string,
  query: { date?: string | undefined; band?: string | undefined },
): Promise<StopServiceResponse> {
  const { feeds, today } = await loadInputs(ctx, code);
  const band = resolveRequest({ ...(query.band ? { band: query.band } : {}) }).band;
  const { date, dateSource } = chooseServiceDate(feeds, today, query.date);
  const stops = stopService(feeds, date, bandSeconds(band));
  return {
    date,
    dateSource,
    band,
    feeds: feeds.map((f) => ({ id: f.id, name: f.name })),
    stops,
    totalDepartures: stops.reduce((sum, s) => sum + s.departures, 0),
  };
}

/** The analysis, with the what-if comparison when the request asks for one. */
export async function analyseCoverageOf(
  ctx: DomainContext,
  code: string,
  body: CoverageRequest,
): Promise<CoverageResponse> {
  const { rows, feeds, today } = await loadInputs(ctx, code);
  const band = bandSeconds(resolveRequest(body).band);
  const { date, dateSource } = chooseServiceDate(feeds, today, body.date);
  const stops = stopService(feeds, date, band);
  const boundary = boundaryArea(rows);
  const input = toCoverageInput(rows, stops, body, boundary);
  const run = { rows, feeds, body, date, dateSource, stops, input, boundary: boundary !== undefined };
  if (!body.whatIf) {
    const outcome = analyseCoverage(input);
    if (!outcome.ok) throw invalid(outcome.problems);
    return toCoverageResponse({ ...run, result: outcome.result });
  }
  const busRadiusM = resolveCoverageParams(input.preset, input.params).busRadiusM;
  const plan = toSupply(body.whatIf, rows, date, band, busRadiusM);
  const outcome = analyseWhatIf({ coverage: input, supply: plan.supply, band });
  if (!outcome.ok) throw invalid(outcome.problems);
  return toCoverageResponse({
    ...run,
    result: outcome.result.baseline,
    whatIf: { engine: outcome.result, plan },
  });
}

/** A download: its file name, media type and text. */
export interface CoverageFile {
  fileName: string;
  mediaType: string;
  text: string;
}

/** The analysis's cells as a CSV for Excel or a GeoJSON file, named after the municipality and day. */
export async function exportCoverage(
  ctx: DomainContext,
  code: string,
  body: CoverageRequest,
  format: "csv" | "geojson",
): Promise<CoverageFile> {
  const result = await analyseCoverageOf(ctx, code, body);
  const name = `coverage-${code}-${result.params.date}${result.whatIf ? "-whatif" : ""}`;
  if (format === "csv")
    return { fileName: `${name}.csv`, mediaType: "text/csv; charset=utf-8", text: toCsv(result) };
  return {
    fileName: `${name}.geojson`,
    mediaType: "application/geo+json; charset=utf-8",
    text: JSON.stringify(toGeojsonExport(result)),
  };
}
