/**
 * Cost sharing on the demo town: POST /cost-sharing over the seeded week for
 * 3 to 12 parties (exact up to 10, sampled above), through the whole app,
 * the computation in its worker thread. Prints one row per party count.
 * Run: cd server && npx tsx bench/costSharing/costSharing.ts
 */
import { CostSharingStreamLineSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { seedDemoTownIfEmpty } from "../../src/seed/demoTown";
import { as, createTestApp, signInAs } from "../../src/test/testApp";

const t = await createTestApp({ LOG_LEVEL: "silent" }, { contractCheck: false });
try {
  const seeded = await seedDemoTownIfEmpty(t.database.db);
  if (!seeded) throw new Error("demo town not seeded");
  const code = seeded.municipalityCode;
  const orgs = await t.database.db.select().from(schema.organisations);
  const dates = [...new Set((await t.database.db.select().from(schema.requests)).map((r) => r.date))].sort();
  const staff = as(t.app, await signInAs(t, "municipal_staff", code));
  console.log(
    `demo town: ${orgs.length} organisations, requests on ${dates.length} days (${dates[0]} – ${dates.at(-1)})`,
  );
  console.log("| parties | method | samples | coalitions | matchings planned | seconds |");
  console.log("| ---: | --- | ---: | ---: | ---: | ---: |");
  for (const n of [3, 6, 8, 10, 12]) {
    // The town (residents) and one party per organisation; beyond the organisations, parties that bring nothing.
    const parties = [
      { id: "town", name: "町", organisationIds: [] as string[], residents: true },
      ...Array.from({ length: n - 1 }, (_, i) => {
        const org = orgs[i];
        return org
          ? { id: org.id, name: org.name, organisationIds: [org.id] }
          : { id: `extra-${i}`, name: `参加者${i}`, organisationIds: [] };
      }),
    ];
    const started = performance.now();
    const response = await staff(`/api/v1/municipalities/${code}/cost-sharing`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: dates[0], to: dates.at(-1), yearlyCost: 12_000_000, parties }),
    });
    if (response.status !== 200) throw new Error(`${n} parties: ${response.status} ${await response.text()}`);
    const lines = (await response.text())
      .split("\n")
      .filter(Boolean)
      .map((l) => CostSharingStreamLineSchema.parse(JSON.parse(l)));
    const seconds = (performance.now() - started) / 1000;
    const first = lines[0];
    const last = lines.at(-1);
    if (last?.type !== "result") throw new Error(`${n} parties: ${JSON.stringify(last)}`);
    const planned = first?.type === "progress" ? first.total : 0;
    const r = last.result;
    console.log(
      `| ${n} | ${r.method} | ${r.samples ?? "—"} | ${r.coalitions} | ${planned} | ${seconds.toFixed(1)} |`,
    );
  }
} finally {
  t.cleanup();
}
