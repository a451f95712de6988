import type { RouteHandler } from "@hono/zod-openapi";
import { type CoverageRequest, type CoverageResponse, tokyoNow } from "@tsunagu/contract";
import { loadCoverageRows, loadGtfsFeedRows } from "@tsunagu/db";
import { analyseCoverage, analyseWhatIf, type CoverageProblem, resolveCoverageParams } from "@tsunagu/geo";
import type { Context } from "hono";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
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
} from "./coverage.convert";
import type { coverageExportRoute, coverageRoute, stopServiceRoute } from "./coverage.routes";

/** The municipality's coverage rows and every feed in engine shape; 404 when it does not exist. */
async function loadInputs(c: Context<AppEnv>, code: string) {
  const deps = c.get("deps");
  const { db } = deps.database;
  const rows = await loadCoverageRows(db, code);
  if (!rows) throw new ApiProblem(404, "not_found", `No municipality ${code}.`);
  const feedRows = await Promise.all(rows.feeds.map((f) => loadGtfsFeedRows(db, code, f.id)));
  const feeds = feedRows.flatMap((r) => (r ? [toLoadedFeed(r)] : []));
  return { rows, feeds, today: tokyoNow(deps.now?.() ?? new Date()).date };
}

function invalid(problems: readonly CoverageProblem[]): ApiProblem {
  return new ApiProblem(422, "validation_failed", "The request has invalid fields.", {
    errors: toFieldProblems(problems),
  });
}

/** Load, convert, run the engine (with the what-if when asked), convert back. */
async function runCoverage(
  c: Context<AppEnv>,
  code: string,
  body: CoverageRequest,
): Promise<CoverageResponse> {
  const { rows, feeds, today } = await loadInputs(c, code);
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

export const stopServiceHandler: RouteHandler<typeof stopServiceRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const query = c.req.valid("query");
  const { feeds, today } = await loadInputs(c, code);
  const band = resolveRequest({ ...(query.band ? { band: query.band } : {}) }).band;
  const { date, dateSource } = chooseServiceDate(feeds, today, query.date);
  const stops = stopService(feeds, date, bandSeconds(band));
  return c.json(
    {
      date,
      dateSource,
      band,
      feeds: feeds.map((f) => ({ id: f.id, name: f.name })),
      stops,
      totalDepartures: stops.reduce((sum, s) => sum + s.departures, 0),
    },
    200,
  );
};

export const coverageHandler: RouteHandler<typeof coverageRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await runCoverage(c, code, c.req.valid("json")), 200);
};

export const coverageExportHandler: RouteHandler<typeof coverageExportRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { format } = c.req.valid("query");
  const result = await runCoverage(c, code, c.req.valid("json"));
  const file = `coverage-${code}-${result.params.date}${result.whatIf ? "-whatif" : ""}`;
  if (format === "csv") {
    return c.body(toCsv(result), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file}.csv"`,
    });
  }
  return c.body(JSON.stringify(toGeojsonExport(result)), 200, {
    "content-type": "application/geo+json; charset=utf-8",
    "content-disposition": `attachment; filename="${file}.geojson"`,
  });
};
