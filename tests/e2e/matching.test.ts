import { schema } from "@tsunagu/db";
import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { demoDay } from "../helpers/clock";
import { renderedCount } from "../helpers/map";
import { apiSignIn } from "../helpers/signIn";
import { describeInChromium, phone as phoneScreen, useBrowserSuite } from "../helpers/suite";

/** The part of the Plan (packages/contract/src/matching.ts) this test reads; tests/ does not depend on the contract. */
interface PlanView {
  routes: {
    vehicleId: string;
    vehicleName: string;
    shift: number;
    driverId: string | null;
    stops: { id: string; kind: string; requestId: string | null; legIndex: number | null }[];
  }[];
  requests: { requestId: string; kind: string; status: string }[];
}

/** A machine code such as NO_ROOM_IN_PLAN or request_does_not_fit must never reach a person. */
const RAW_CODE = /[A-Z]{2,}_[A-Z_]+|request_does_not_fit/;

/**
 * The day's story of issue 5 in Chromium: the coordinator runs the matching
 * for a demo day, follows its progress, reviews the plan (map, timeline,
 * unassigned reasons), moves one request to another vehicle and approves; a
 * driver opens his run sheet on a phone and marks a pick-up; the resident of
 * that request then finds it on its way.
 */
describeInChromium("match run, review, run sheet in Chromium", () => {
  const suite = useBrowserSuite();
  const { api } = suite;
  let date = "";
  let coordinator: Page;
  /** What the later steps need from the approved plan. */
  const chosen = {
    requestId: "",
    stopId: "",
    vehicleId: "",
    vehicleName: "",
    shift: 0,
    residentId: "",
    cancelledId: "",
    driverId: "",
  };

  async function postJson(path: string, headers: Record<string, string>, body: unknown) {
    const response = await fetch(api(path), {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** A new account made by staff as in real use: created, then its one-time reset link redeemed. */
  async function accountFor(role: "driver" | "resident", link: { driverId?: string; residentId?: string }) {
    const staff = await apiSignIn(suite.server.url, "municipal_staff");
    const email = `${role}-${Date.now()}@example.jp`;
    const created = (await postJson("/users", staff, {
      email,
      displayName: role === "driver" ? "運転手 テスト" : "住民 テスト",
      role,
      residentId: link.residentId ?? null,
      driverId: link.driverId ?? null,
    })) as { reset: { resetPath: string } };
    const password = "a-long-test-password";
    const redeemed = await fetch(`${suite.server.url}/api/v1/auth/password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: created.reset.resetPath.split("#token=")[1], newPassword: password }),
    });
    expect(redeemed.status).toBe(204);
    return { email, password };
  }

  beforeAll(async () => {
    // The demo day: the first day from tomorrow (Japan) that has seeded requests.
    date = await demoDay(suite.server);
  });
  it("the coordinator starts matching, follows the progress, and gets a plan on a map and a timeline", async () => {
    coordinator = await suite.signedInPage("coordinator");
    await coordinator.getByRole("link", { name: "配車計画" }).click();
    await coordinator.getByRole("heading", { name: "配車計画", level: 1 }).waitFor();
    await coordinator.goto(`${suite.server.url}/plans?date=${date}`);
    await coordinator.getByLabel("計算にかける時間").selectOption("3");
    expect(await axeViolations(coordinator)).toEqual([]);
    // Every progress line the page shows is recorded, to see updates arrive while the run works.
    await coordinator.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector("[data-testid=run-progress-figures]")?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await coordinator.getByRole("button", { name: "配車を計算する" }).click();
    await coordinator.getByTestId("run-progress").waitFor();
    await coordinator.screenshot({ path: artefactPath("matching-progress.png"), fullPage: true });
    await coordinator.getByTestId("plan-review").waitFor({ timeout: 90_000 });
    expect(await coordinator.getByTestId("run-progress").count()).toBe(0);
    const seen = await coordinator.evaluate(
      () => (window as unknown as { progressSeen: string[] }).progressSeen,
    );
    expect(seen.some((text) => /([1-9]\d*)%/.test(text))).toBe(true);
    await coordinator.locator("[data-testid=plan-map][data-ready=true]").waitFor({ timeout: 30_000 });
    expect(await renderedCount(coordinator, "plan-routes")).toBeGreaterThan(0);
    expect(await coordinator.locator("[data-testid=gantt] .gantt-tick").count()).toBeGreaterThan(0);
    // Unassigned requests read as sentences, never as the engine's codes.
    const unassigned = (await coordinator.getByTestId("unassigned").textContent()) ?? "";
    expect(unassigned).not.toMatch(RAW_CODE);
    // A timeline mark says which request and which leg it is.
    await coordinator.locator("[data-testid=gantt] .gantt-tick").first().focus();
    expect(await coordinator.getByTestId("gantt-described").textContent()).toMatch(/依頼番号 .+区間目/);
    expect(await axeViolations(coordinator)).toEqual([]);
    await coordinator.screenshot({ path: artefactPath("matching-review.png"), fullPage: true });
  });

  it("moves one request to another vehicle (a refusal says why in Japanese) and approves the plan", async () => {
    if ((await coordinator.getByTestId("plan-review").count()) === 0)
      throw new Error("needs the plan of the previous step on screen");
    // A day's plan is tight, so most moves are refused; walk the routes and their requests until one
    // is accepted, checking that every refusal reads as a sentence and leaves the plan as it was.
    const detail = coordinator.getByTestId("route-detail");
    // Every route of the demo town's plan has its driver.
    await coordinator.locator("button.gantt-select").first().click();
    expect(await detail.getByTestId("route-driver").textContent()).toMatch(/^運転者: .+（架空）$/);
    // The coordinator can give the route to another driver; a refusal reads as a sentence.
    const driverSelect = detail.locator("select[id^=driver-]");
    const driverOptions = await driverSelect
      .locator("option")
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
    expect(driverOptions.length).toBeGreaterThan(0);
    await driverSelect.selectOption(driverOptions[0] ?? "");
    await detail.getByRole("button", { name: "変更する" }).click();
    const driverFeedback = (await detail.getByTestId("driver-feedback").textContent()) ?? "";
    expect(driverFeedback).toMatch(/^(運転者を.+さんに変えました。|変えられませんでした。 .+。)$/);
    expect(driverFeedback).not.toMatch(RAW_CODE);
    expect(await axeViolations(coordinator)).toEqual([]);
    await coordinator.screenshot({ path: artefactPath("matching-driver-change.png"), fullPage: true });
    const routeButtons = coordinator.locator("button.gantt-select");
    const routeCount = await routeButtons.count();
    let moved = false;
    let refusals = 0;
    for (let r = 0; r < routeCount && !moved; r++) {
      await routeButtons.nth(r).click();
      const requestItems = detail.locator("li.request-action");
      const requestCount = Math.min(await requestItems.count(), 3);
      for (let q = 0; q < requestCount && !moved; q++) {
        const request = requestItems.nth(q);
        const select = request.locator("select[id^=move-]");
        if ((await select.count()) === 0) continue;
        const options = await select
          .locator("option")
          .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
        for (const option of options) {
          await select.selectOption(option);
          await request.getByRole("button", { name: "移す" }).click();
          const feedback = coordinator.getByTestId("request-feedback");
          await feedback.waitFor();
          await coordinator.waitForFunction(
            () => !document.querySelector("[data-testid=route-detail] button[disabled]"),
          );
          const text = (await feedback.textContent()) ?? "";
          if (text.includes("に移しました")) {
            moved = true;
            break;
          }
          // Refused: the reason is a sentence, and the plan is unchanged.
          expect(text).toContain("移せませんでした。");
          expect(text).not.toMatch(RAW_CODE);
          if (refusals++ === 0)
            await coordinator.screenshot({ path: artefactPath("matching-move-refused.png") });
        }
      }
    }
    expect(moved).toBe(true);
    await coordinator.screenshot({ path: artefactPath("matching-moved.png"), fullPage: true });
    // 「外す」 as the resident's own cancellation (取り消し（ご本人の希望）): it is never planned again.
    const detailRequests = detail.locator("li.request-action");
    const toCancel = detailRequests.first();
    chosen.cancelledId = (await toCancel.getAttribute("data-request-id")) ?? "";
    await toCancel.getByLabel("外し方").selectOption({ label: "取り消し（ご本人の希望）" });
    await toCancel.getByLabel("計画から外す理由").fill("ご本人から電話で取り消し");
    await toCancel.getByRole("button", { name: "外す" }).click();
    await coordinator.getByText("取り消しました。この依頼はもう配車しません。").waitFor();

    // 「すべて承認する」 asks first, saying what approval tells the residents.
    await coordinator.getByRole("button", { name: "すべて承認する" }).click();
    const question = coordinator.getByRole("alertdialog");
    expect(await question.textContent()).toMatch(/配車できなかった \d+ 件は「配車できませんでした」/);
    expect(await axeViolations(coordinator)).toEqual([]);
    await question.getByRole("button", { name: "承認する" }).click();
    await coordinator.getByText("計画を承認しました").waitFor();
    await coordinator.getByText("すべての車両を承認済みです。").waitFor();
    expect(await axeViolations(coordinator)).toEqual([]);
    await coordinator.screenshot({ path: artefactPath("matching-approved.png"), fullPage: true });

    // A confirmed ride picked up by a road vehicle on its first leg: the driver will mark it.
    const headers = await apiSignIn(suite.server.url, "coordinator");
    const runs = (await (await fetch(api(`/match-runs?date=${date}`), { headers })).json()) as {
      items: { id: string; status: string; approved: boolean }[];
    };
    const run = runs.items.find((r) => r.approved);
    if (!run) throw new Error("no approved run");
    const plan = (await (await fetch(api(`/match-runs/${run.id}/plan`), { headers })).json()) as PlanView;
    const requests = await suite.server.database.db.select().from(schema.requests);
    for (const route of plan.routes)
      for (const stop of route.stops) {
        const planned = plan.requests.find((r) => r.requestId === stop.requestId);
        const row = requests.find((r) => r.id === stop.requestId);
        if (
          !chosen.requestId &&
          stop.kind === "pickup" &&
          stop.legIndex === 0 &&
          planned?.kind === "ride" &&
          planned.status === "confirmed" &&
          row?.residentId
        ) {
          Object.assign(chosen, {
            requestId: planned.requestId,
            stopId: stop.id,
            vehicleId: route.vehicleId,
            vehicleName: route.vehicleName,
            shift: route.shift,
            residentId: row.residentId,
            driverId: route.driverId ?? "",
          });
        }
      }
    expect(chosen.requestId).not.toBe("");
    expect(requests.find((r) => r.id === chosen.requestId)?.status).toBe("confirmed");
    // The cancelled request stays cancelled and out of the approved plan.
    expect(requests.find((r) => r.id === chosen.cancelledId)?.status).toBe("cancelled");
    expect(plan.requests.some((r) => r.requestId === chosen.cancelledId)).toBe(false);
    // Every request of the day has an answer: none is left waiting.
    const ofDay = requests.filter((r) => r.date === date);
    expect(ofDay.filter((r) => r.status === "submitted" || r.status === "planned")).toEqual([]);
  });

  it("the coordinator's call list names the residents not served, with phone and reason; the resident reads 配車できませんでした", async () => {
    if (!chosen.requestId) throw new Error("needs the approved plan of the previous step");
    const requests = await suite.server.database.db.select().from(schema.requests);
    const unserved = requests.filter((r) => r.date === date && r.status === "unserved" && r.residentId);
    if (unserved.length === 0) throw new Error(`the demo day ${date} has no unserved request to call`);
    const list = coordinator.getByTestId("call-list");
    await list.getByRole("heading", { name: "配車できなかった方（お電話の一覧）" }).waitFor();
    const rows = list.getByTestId("call-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(
      requests.filter((r) => r.date === date && r.status === "unserved").length,
    );
    const residents = await suite.server.database.db.select().from(schema.residents);
    const first = unserved[0];
    const who = residents.find((r) => r.id === first?.residentId);
    const row = rows.filter({ hasText: who?.name ?? "?" }).first();
    const text = (await row.textContent()) ?? "";
    if (who?.phone) expect(text).toContain(who.phone);
    expect(text).toContain(first?.statusReason ?? "?");
    expect(text).not.toMatch(RAW_CODE);
    expect(await axeViolations(coordinator)).toEqual([]);
    await coordinator.screenshot({ path: artefactPath("matching-call-list.png"), fullPage: true });
    // Printing it shows the list, not the map.
    await coordinator.evaluate(() => document.body.classList.add("print-calls"));
    await coordinator.emulateMedia({ media: "print" });
    expect(await list.isVisible()).toBe(true);
    expect(await coordinator.getByTestId("gantt").isVisible()).toBe(false);
    await coordinator.emulateMedia({ media: "screen" });
    await coordinator.evaluate(() => document.body.classList.remove("print-calls"));

    // That resident reads the answer and its reason in 「わたしの予約」.
    const account = await accountFor("resident", { residentId: first?.residentId ?? "" });
    const resident = await suite.signedInPage(account, phoneScreen);
    await resident.goto(`${suite.server.url}/my-requests`);
    const card = resident.locator(`[data-request-id="${first?.id}"]`);
    await card.waitFor();
    expect(await card.getByTestId("my-request-status").textContent()).toBe("今回は配車できませんでした");
    expect(await card.textContent()).toContain(first?.statusReason ?? "?");
    expect(await axeViolations(resident)).toEqual([]);
    await resident.screenshot({ path: artefactPath("my-requests-unserved.png"), fullPage: true });
    await resident.close();
  });

  it("the driver opens his run sheet on a phone and marks the pick-up done", async () => {
    if (!chosen.stopId)
      throw new Error("needs the request chosen from the approved plan of the previous step");
    // Run sheets are per driver: the account is the route's assigned driver's (a demo town driver).
    expect(chosen.driverId).not.toBe("");
    const account = await accountFor("driver", { driverId: chosen.driverId });
    const phone = await suite.signedInPage(account, phoneScreen);
    await phone.goto(`${suite.server.url}/run-sheets?date=${date}`);
    await phone.getByTestId("sheet-list").waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    await phone
      .locator(`a[href*="/${encodeURIComponent(chosen.vehicleId)}/${chosen.shift}?"]`, {
        hasText: chosen.vehicleName,
      })
      .click();
    const stop = phone.locator(`li[data-stop-id="${chosen.stopId}"]`);
    await stop.waitFor();
    // Phone first: large base text.
    const fontSize = await stop.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(18);
    expect(await axeViolations(phone)).toEqual([]);
    await phone.screenshot({ path: artefactPath("run-sheet-phone.png"), fullPage: true });
    await stop.getByRole("button", { name: "乗車・受取済み" }).click();
    await stop.locator(".sheet-status-done").waitFor();
    // Only the undo remains, for 5 minutes.
    expect(await stop.getByRole("button").count()).toBe(1);
    await stop.getByRole("button", { name: /取り消す/ }).waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    await phone.screenshot({ path: artefactPath("run-sheet-marked.png"), fullPage: true });
    // The A4 print: no menu, the stops as a table.
    await phone.emulateMedia({ media: "print" });
    expect(await phone.locator(".app-header").isVisible()).toBe(false);
    expect(await phone.locator("table.sheet-print").isVisible()).toBe(true);
    await phone.emulateMedia({ media: "screen" });
    await phone.close();
  });

  it("the resident sees the ride on its way, and so does the coordinator's plan", async () => {
    if (!chosen.stopId)
      throw new Error("needs the request chosen from the approved plan of the previous step");
    const account = await accountFor("resident", { residentId: chosen.residentId });
    const resident = await suite.signedInPage(account, phoneScreen);
    // 「わたしの予約」 shows the ride on its way, in words.
    await resident.goto(`${suite.server.url}/my-requests`);
    const card = resident.locator(`[data-request-id="${chosen.requestId}"]`);
    await card.waitFor();
    expect(await card.getByTestId("my-request-status").textContent()).toBe("移動中");
    // The approved plan's times, in words.
    expect(await card.getByTestId("my-request-planned").textContent()).toMatch(
      /^お迎え \d\d:\d\d ごろ、到着 \d\d:\d\d ごろの予定です。$/,
    );
    expect(await axeViolations(resident)).toEqual([]);
    await resident.screenshot({ path: artefactPath("my-requests-in-progress.png"), fullPage: true });

    // A ride booked for the planned day goes straight into the approved plan (live request): the
    // resident is told the pick-up time, or why it did not fit, before leaving the page.
    await resident.goto(`${suite.server.url}/request/${suite.server.municipalityCode}`);
    await resident.getByTestId("request-self").waitFor();
    await resident.getByLabel("日にち").fill(date);
    await resident.getByLabel("何時から乗れますか").fill("13:00");
    await resident.getByLabel("何時までに着きたいですか").fill("15:00");
    const to = resident.getByLabel("どこへ");
    await to.selectOption(
      (await to.locator("option", { hasText: "診療所" }).first().getAttribute("value")) ?? "",
    );
    await resident.getByRole("button", { name: "確認へ" }).click();
    await resident.getByRole("button", { name: "この内容で頼む" }).click();
    const placement = resident.getByTestId("request-placement");
    await placement.waitFor();
    const told = (await placement.textContent()) ?? "";
    expect(told).toMatch(/配車が決まりました。お迎えは \d\d:\d\d ごろ|配車計画には入れられませんでした。/);
    expect(told).not.toMatch(RAW_CODE);
    expect(await axeViolations(resident)).toEqual([]);
    await resident.screenshot({ path: artefactPath("request-placed-live.png"), fullPage: true });
    const booked = (await suite.server.database.db.select().from(schema.requests))
      .filter((r) => r.residentId === chosen.residentId && r.date === date && r.earliest === "13:00")
      .at(-1);
    expect(booked?.status).toBe(told.includes("配車が決まりました") ? "confirmed" : "submitted");
    await resident.close();

    await coordinator.reload();
    await coordinator.getByTestId("plan-review").waitFor();
    await coordinator.locator(`button.gantt-select[data-key="${chosen.vehicleId}:${chosen.shift}"]`).click();
    const item = coordinator.locator(`li.request-action[data-request-id="${chosen.requestId}"]`);
    await item.waitFor();
    expect(await item.locator(".badge").textContent()).toBe("移動中");
    await coordinator.screenshot({ path: artefactPath("matching-in-progress.png"), fullPage: true });
    await coordinator.close();
  });
});
