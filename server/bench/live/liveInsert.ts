/**
 * Live requests end to end: seeds the demo town into a temporary database,
 * plans its busiest day with solveRegional (10 requests held back), saves and
 * approves the plan, then submits the held-back requests one by one as a
 * coordinator would — POST /requests through the whole app (session, CSRF,
 * validation, the live placement in the approved plan, the response) — and
 * prints each outcome and time.
 * Run: cd server && npx tsx bench/live/liveInsert.ts
 */
import { PurposeSchema, RequestCreatedSchema } from "@tsunagu/contract";
import { approvePlanRoutes, savePlan, schema } from "@tsunagu/db";
import { solveRegional } from "@tsunagu/matching";
import { sql } from "drizzle-orm";
import { planRowsFromEngine, problemFromDb } from "../../src/domain/plans/engineConvert";
import { seedDemoTownIfEmpty } from "../../src/seed/demoTown";
import { as, createTestApp, signInAs } from "../../src/test/testApp";

const HELD_BACK = 10;

// The seeded week starts tomorrow, so the busiest day is bookable "now".
const t = await createTestApp({ LOG_LEVEL: "silent" }, { contractCheck: false });
try {
  const db = t.database.db;
  const seeded = await seedDemoTownIfEmpty(db);
  if (!seeded) throw new Error("demo town not seeded");
  const code = seeded.municipalityCode;
  const [busiest] = await db.all<{ date: string; n: number }>(
    sql`select date, count(*) as n from requests where municipality_code = ${code} group by date order by n desc limit 1`,
  );
  if (!busiest) throw new Error("no requests");
  const { problem, names } = await problemFromDb(db, code, busiest.date);
  // Requests spread over the day arrive "during the day": take their rows out and plan the rest.
  const every = Math.floor(problem.requests.length / HELD_BACK);
  const heldBack = problem.requests
    .filter((_, i) => i % every === every - 1)
    .slice(0, HELD_BACK)
    .map((r) => r.id);
  const rows = (await db.select().from(schema.requests)).filter((r) => heldBack.includes(r.id));
  for (const id of heldBack) await db.delete(schema.requestEvents).where(sql`request_id = ${id}`);
  for (const id of heldBack) await db.delete(schema.requests).where(sql`id = ${id}`);
  const batch = { ...problem, requests: problem.requests.filter((r) => !heldBack.includes(r.id)) };
  const t0 = performance.now();
  const plan = solveRegional(batch, { timeLimitMs: 10_000, seed: 1 });
  if (plan.status === "invalid") throw new Error(JSON.stringify(plan.issues));
  console.log(
    `day ${busiest.date}: ${batch.requests.length} requests planned in ${Math.round(performance.now() - t0)} ms, served ${plan.summary.served}`,
  );
  const runId = "bench-run";
  await db.insert(schema.matchRuns).values({
    id: runId,
    municipalityCode: code,
    date: busiest.date,
    status: "done",
    timeLimitSeconds: 10,
    problemJson: JSON.stringify(batch),
    planJson: JSON.stringify(plan),
  });
  await db.transaction(async (tx) => {
    await savePlan(tx, runId, planRowsFromEngine(runId, code, batch, plan, names));
    await approvePlanRoutes(tx, code, runId, undefined, null, new Date().toISOString());
  });

  const coordinator = as(t.app, await signInAs(t, "coordinator", code));
  const times: number[] = [];
  const outcomes: Record<string, number> = {};
  for (const row of rows) {
    const body = {
      kind: row.kind,
      date: row.date,
      earliest: row.earliest,
      latest: row.latest,
      // The demo's own purposes (town_hall…) are not all bookable ones.
      purpose: PurposeSchema.safeParse(row.purpose).data ?? "other",
      pickup: row.pickupPlaceId ? { placeId: row.pickupPlaceId } : { lat: row.pickupLat, lon: row.pickupLon },
      dropoff: row.dropoffPlaceId
        ? { placeId: row.dropoffPlaceId }
        : { lat: row.dropoffLat, lon: row.dropoffLon },
      ...(row.residentId ? { residentId: row.residentId } : {}),
      ...(row.kind === "ride"
        ? { passengers: row.passengers, wheelchair: row.wheelchair, escort: row.escort }
        : { weightKg: row.weightKg, sizeLitres: row.sizeLitres, cold: row.cold }),
    };
    const started = performance.now();
    const response = await coordinator(`/api/v1/municipalities/${code}/requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 201) throw new Error(`POST /requests ${response.status}: ${text}`);
    const created = RequestCreatedSchema.parse(JSON.parse(text));
    const outcome = created.placement
      ? created.placement.status === "inserted"
        ? `inserted, pick-up ${created.placement.pickupTime}`
        : `unservable (${created.placement.reason.code})`
      : "no placement";
    outcomes[outcome.split(",")[0] ?? outcome] = (outcomes[outcome.split(",")[0] ?? outcome] ?? 0) + 1;
    times.push(ms);
    console.log(`${row.kind}\t${row.earliest}–${row.latest}\t${outcome}\t${ms.toFixed(0)} ms`);
  }
  times.sort((a, b) => a - b);
  console.log(
    `live requests end to end: n=${times.length} median ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms; ${JSON.stringify(outcomes)}`,
  );
} finally {
  t.cleanup();
}
