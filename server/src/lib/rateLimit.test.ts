import { describe, expect, it } from "vitest";
import { rateLimit } from "./rateLimit";
import { createRouter } from "./router";

function appWithClock(clock: { t: number }) {
  return createRouter()
    .use(
      "*",
      rateLimit({
        capacity: 2,
        refillPerSecond: 0.25,
        now: () => clock.t,
        keyOf: (c) => c.req.header("x-test-client") ?? "",
      }),
    )
    .get("/x", (c) => c.text("ok"));
}

const hit = (app: ReturnType<typeof appWithClock>, client = "a") =>
  app.request("/x", { headers: { "x-test-client": client } });

describe("rateLimit (token bucket)", () => {
  it("lets a burst through, then 429 with Retry-After until a token is back", async () => {
    const clock = { t: 0 };
    const app = appWithClock(clock);
    expect((await hit(app)).status).toBe(200);
    expect((await hit(app)).status).toBe(200);
    const limited = await hit(app);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("4"); // 1 token at 0.25/s
    expect(limited.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    clock.t = 3_900;
    expect((await hit(app)).status).toBe(429);
    clock.t = 4_000;
    expect((await hit(app)).status).toBe(200);
  });

  it("keeps one bucket per client", async () => {
    const clock = { t: 0 };
    const app = appWithClock(clock);
    await hit(app, "a");
    await hit(app, "a");
    expect((await hit(app, "a")).status).toBe(429);
    expect((await hit(app, "b")).status).toBe(200);
  });

  it("never refills beyond the burst", async () => {
    const clock = { t: 0 };
    const app = appWithClock(clock);
    expect((await hit(app)).status).toBe(200);
    clock.t = 3_600_000; // an hour idle refills to 2 tokens, not 900
    expect((await hit(app)).status).toBe(200);
    expect((await hit(app)).status).toBe(200);
    expect((await hit(app)).status).toBe(429);
  });
});
