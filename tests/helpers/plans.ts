import { demoDay } from "./clock";
import type { RunningServer } from "./server";
import { apiSignIn } from "./signIn";

/**
 * A JSON call to the API as the session `headers` say, failing with the
 * answer's text when the status is not 2xx. `api` turns "/vehicles" into the
 * demo municipality's URL (BrowserSuite.api).
 */
export function apiJson(api: (path: string) => string) {
  return async <T>(path: string, headers: Record<string, string>, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(api(path), {
      ...init,
      headers: { ...headers, ...(init.body ? { "content-type": "application/json" } : {}) },
    });
    if (!response.ok)
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/**
 * The demo day (the first day from tomorrow, Japan, with seeded requests)
 * planned by a 3-second match run and approved whole by the coordinator,
 * through the API: the day and the approved plan's routes.
 */
export async function approvedDemoDay(
  server: RunningServer,
  api: (path: string) => string,
): Promise<{ date: string; routes: { vehicleId: string }[] }> {
  const json = apiJson(api);
  const date = await demoDay(server);
  const coordinator = await apiSignIn(server.url, "coordinator");
  const run = await json<{ id: string }>("/match-runs", coordinator, {
    method: "POST",
    body: JSON.stringify({ date, timeLimitSeconds: 3 }),
  });
  for (let i = 0; i < 120; i++) {
    const now = await json<{ status: string }>(`/match-runs/${run.id}`, coordinator);
    if (now.status === "done") break;
    if (now.status === "failed" || now.status === "cancelled") throw new Error(`the run ${now.status}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const plan = await json<{ routes: { vehicleId: string }[] }>(
    `/match-runs/${run.id}/plan/approve`,
    coordinator,
    {
      method: "POST",
      body: "{}",
    },
  );
  return { date, routes: plan.routes };
}
