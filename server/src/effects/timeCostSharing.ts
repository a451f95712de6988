/**
 * Times POST /cost-sharing on the demo town (not a test): 3 and 6 parties over
 * the seeded week. Run: cd server && npx tsx src/effects/timeCostSharing.ts
 */
import { schema } from "@tsunagu/db";
import { seedDemoTownIfEmpty } from "../seed/demoTown";
import { as, createTestApp, signInAs } from "../test/testApp";

const t = await createTestApp();
const seeded = await seedDemoTownIfEmpty(t.database.db, { today: "2026-11-23" });
if (!seeded) throw new Error("no seed");
const code = seeded.municipalityCode;
const orgs = await t.database.db.select().from(schema.organisations);
const reqs = await t.database.db
  .select({ date: schema.requests.date, kind: schema.requests.kind })
  .from(schema.requests);
const vehicles = await t.database.db
  .select({ id: schema.vehicles.id, org: schema.vehicles.organisationId, kind: schema.vehicles.kind })
  .from(schema.vehicles);
const dates = [...new Set(reqs.map((r) => r.date))].sort();
console.log(
  "orgs",
  orgs.length,
  "requests",
  reqs.length,
  "dates",
  dates[0],
  dates.at(-1),
  dates.length,
  "vehicles",
  vehicles.length,
);
const req = as(t.app, await signInAs(t, "municipal_staff", code));
for (const n of [3, 6]) {
  const parties = [
    { id: "town", name: "町", organisationIds: [] as string[], residents: true },
    ...orgs.slice(0, n - 1).map((o) => ({ id: o.id, name: o.name, organisationIds: [o.id] })),
  ];
  const started = performance.now();
  const r = await req(`/api/v1/municipalities/${code}/cost-sharing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: dates[0], to: dates.at(-1), yearlyCost: 12_000_000, parties }),
  });
  const body = await r.json();
  console.log(
    n,
    "parties",
    r.status,
    Math.round(performance.now() - started),
    "ms",
    JSON.stringify(body).slice(0, 900),
  );
}
t.cleanup();
