import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import {
  auditLog,
  idempotencyKeys,
  mailOutbox,
  matchRuns,
  passwordResets,
  planLegs,
  planStops,
  requestEvents,
  requests,
  residents,
  sessions,
  users,
} from "../schema";
import type { AuditEntry } from "./audit";
import { withWriteLock } from "./writeLock";

/** Everything Tsunagu holds about one resident (their right of access). */
export async function residentDataExport(db: Db, municipalityCode: string, residentId: string) {
  const [resident] = await db
    .select()
    .from(residents)
    .where(and(eq(residents.municipalityCode, municipalityCode), eq(residents.id, residentId)));
  if (!resident) return undefined;
  const requestRows = await db
    .select()
    .from(requests)
    .where(and(eq(requests.municipalityCode, municipalityCode), eq(requests.residentId, residentId)));
  const ids = requestRows.map((r) => r.id);
  const events =
    ids.length > 0 ? await db.select().from(requestEvents).where(inArray(requestEvents.requestId, ids)) : [];
  const accounts = await db
    .select({ email: users.email, role: users.role, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.residentId, residentId));
  const access = await db
    .select({ at: auditLog.at, action: auditLog.action, actorRole: auditLog.actorRole })
    .from(auditLog)
    .where(eq(auditLog.residentId, residentId));
  return { resident, requests: requestRows, requestEvents: events, accounts, accessLog: access };
}

/** What an erased person is called wherever they appeared (accounts, plan stops, run sheets). */
export const ERASED_PERSON = "削除された利用者";

type LatLon = { lat: number; lon: number };

/** The geometry an erasure needs, from the engines (this package has none). */
export interface ErasureGeometry {
  /** The coarse point a home end becomes (the 500 m mesh cell's centre). */
  coarsen(point: LatLon): LatLon;
  /** Straight-line metres between two points: the distances frozen before the points move. */
  metres(a: LatLon, b: LatLon): number;
}

/**
 * Every table that holds a resident id, a user id or a request id, and what
 * the erasure does to it. `server/src/routes/auth/erasure.test.ts`
 * derives the list of such tables from the schema and fails when one is
 * missing here: a new table of personal data must say how it is erased.
 */
export const ERASURE_COVERAGE: Readonly<Record<string, string>> = {
  residents: "name, kana, phone, address, home point, birth year, care level nulled; the row stays",
  users: "email → erased-<id>@erased.invalid, display name → 削除された利用者, disabled; sessions deleted",
  sessions: "deleted",
  password_resets: "outstanding links revoked (only hashes are stored)",
  mail_outbox: "address replaced, body dropped, unsent mail cancelled",
  requests: "free text and receiver nulled; home ends moved to the mesh centre, the direct distance frozen",
  request_events: "reasons nulled",
  plan_stops: "home stops moved to the mesh centre, the distance from the previous stop frozen",
  plan_legs: "home ends moved to the mesh centre",
  plan_unassigned: "codes and numbers only (no personal values)",
  audit_log: "append-only ids: the event stays, it names no one",
};

/** A point this close to a home (or a request's home end) is that home. */
const AT_HOME_WITHIN_M = 30;

/** A JSON text with the person's points moved and their words replaced (non-JSON: the words only). */
function scrubbedJson(text: string, scrub: (value: unknown) => unknown, words: (s: string) => string) {
  try {
    return JSON.stringify(scrub(JSON.parse(text)));
  } catch {
    return words(text);
  }
}

/**
 * Erases a resident's personal data everywhere it was copied (right to
 * erasure) and closes their accounts, in one transaction with the audit
 * entry. What stays, so the statistics and the plans' figures stay the same:
 * the resident row id and mobility flags, each request's kind, date, times,
 * status and places, and the plans' routes and times — with the home moved to
 * the centre of its 500 m mesh cell (distances frozen first, so the effects
 * count the real trip). See `ERASURE_COVERAGE` for every table.
 */
export async function eraseResident(
  db: Db,
  municipalityCode: string,
  residentId: string,
  now: Date,
  audit: AuditEntry,
  geometry: ErasureGeometry,
): Promise<boolean> {
  const at = now.toISOString();
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const [person] = await tx
        .select()
        .from(residents)
        .where(and(eq(residents.municipalityCode, municipalityCode), eq(residents.id, residentId)));
      if (!person) return false;
      const own = and(eq(requests.municipalityCode, municipalityCode), eq(requests.residentId, residentId));
      const ownRequests = await tx.select().from(requests).where(own);
      const ids = ownRequests.map((r) => r.id);
      const accounts = await tx.select().from(users).where(eq(users.residentId, residentId));
      const events =
        ids.length > 0
          ? await tx.select().from(requestEvents).where(inArray(requestEvents.requestId, ids))
          : [];

      // The home, and every request end that is it (flagged, or at the home point: older rows carry no flag).
      const homes: LatLon[] =
        person.lat !== null && person.lon !== null ? [{ lat: person.lat, lon: person.lon }] : [];
      const isHome = (p: LatLon) => homes.some((h) => geometry.metres(h, p) <= AT_HOME_WITHIN_M);
      const moved = ownRequests.map((r) => {
        const pickup = { lat: r.pickupLat, lon: r.pickupLon };
        const dropoff = { lat: r.dropoffLat, lon: r.dropoffLon };
        return {
          r,
          pickup,
          dropoff,
          pickupHome: r.pickupHome || isHome(pickup),
          dropoffHome: r.dropoffHome || isHome(dropoff),
        };
      });
      for (const m of moved) {
        if (m.pickupHome) homes.push(m.pickup);
        if (m.dropoffHome) homes.push(m.dropoff);
      }
      const coarse = (p: LatLon) => (isHome(p) ? geometry.coarsen(p) : p);

      // The words that name the person, longest first (an address holds shorter parts).
      const identifying = [
        person.name,
        person.nameKana,
        person.phone,
        person.address,
        ...accounts.flatMap((a) => [a.email, a.displayName]),
        ...ownRequests.flatMap((r) => [r.receiverName, r.receiverPhone]),
      ]
        .filter((w): w is string => typeof w === "string" && w.trim().length >= 2 && w !== ERASED_PERSON)
        .sort((a, b) => b.length - a.length);
      // Free text is dropped where it stands alone (a short note such as 「薬」 is no pattern to replace).
      const freeText = new Set(
        [
          ...ownRequests.flatMap((r) => [r.notes, r.statusReason, r.parcelDescription]),
          ...events.map((e) => e.reason),
        ].filter((w): w is string => typeof w === "string" && w.length > 0),
      );
      const words = (text: string) => identifying.reduce((s, w) => s.split(w).join(ERASED_PERSON), text);
      const scrub = (value: unknown): unknown => {
        if (typeof value === "string") return freeText.has(value) ? "" : words(value);
        if (Array.isArray(value)) return value.map(scrub);
        if (value === null || typeof value !== "object") return value;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = scrub(v);
        if (typeof out.lat === "number" && typeof out.lon === "number") {
          const p = coarse({ lat: out.lat, lon: out.lon });
          out.lat = p.lat;
          out.lon = p.lon;
        }
        return out;
      };
      const mentions = (text: string | null) =>
        text !== null && (ids.some((id) => text.includes(id)) || identifying.some((w) => text.includes(w)));

      await tx
        .update(residents)
        .set({
          name: null,
          nameKana: null,
          phone: null,
          address: null,
          lat: null,
          lon: null,
          birthYear: null,
          careLevel: null,
          erasedAt: at,
        })
        .where(eq(residents.id, residentId));

      for (const { r, pickup, dropoff, pickupHome, dropoffHome } of moved) {
        const p = pickupHome ? geometry.coarsen(pickup) : pickup;
        const d = dropoffHome ? geometry.coarsen(dropoff) : dropoff;
        await tx
          .update(requests)
          .set({
            notes: null,
            statusReason: null,
            parcelDescription: null,
            receiverName: null,
            receiverPhone: null,
            pickupLat: p.lat,
            pickupLon: p.lon,
            dropoffLat: d.lat,
            dropoffLon: d.lon,
            directM: pickupHome || dropoffHome ? (r.directM ?? geometry.metres(pickup, dropoff)) : r.directM,
          })
          .where(eq(requests.id, r.id));
      }
      if (ids.length > 0) {
        await tx.update(requestEvents).set({ reason: null }).where(inArray(requestEvents.requestId, ids));
        await erasePlanPoints(tx, municipalityCode, ids, isHome, geometry);
      }

      // Copies in JSON: the runs' engine input and output, and stored answers of idempotent posts.
      const runs = await tx.select().from(matchRuns).where(eq(matchRuns.municipalityCode, municipalityCode));
      const runTexts = ["problemJson", "planJson", "progress", "summary", "error"] as const;
      for (const run of runs) {
        if (!runTexts.some((k) => mentions(run[k])) && run.ownBaselineJson === null) continue;
        const set: Partial<Record<(typeof runTexts)[number], string>> & { ownBaselineJson?: null } = {};
        for (const k of runTexts) {
          const text = run[k];
          if (text !== null) set[k] = scrubbedJson(text, scrub, words);
        }
        // The stored own-vehicles baseline is a cache of a re-plan from the stored points, with the
        // home's exact stops in it: dropped, it is planned again from the coarsened points when read.
        if (run.ownBaselineJson !== null) set.ownBaselineJson = null;
        await tx.update(matchRuns).set(set).where(eq(matchRuns.id, run.id));
      }
      const keys = await tx
        .select()
        .from(idempotencyKeys)
        .where(eq(idempotencyKeys.municipalityCode, municipalityCode));
      for (const key of keys)
        if (mentions(key.responseBody))
          await tx
            .update(idempotencyKeys)
            .set({ responseBody: scrubbedJson(key.responseBody, scrub, words) })
            .where(
              and(eq(idempotencyKeys.municipalityCode, municipalityCode), eq(idempotencyKeys.key, key.key)),
            );

      for (const account of accounts) {
        const address = `erased-${account.id}@erased.invalid`;
        await tx
          .update(users)
          .set({ email: address, displayName: ERASED_PERSON, disabledAt: account.disabledAt ?? at })
          .where(eq(users.id, account.id));
        await tx.delete(sessions).where(eq(sessions.userId, account.id));
        await tx
          .update(passwordResets)
          .set({ revokedAt: at })
          .where(
            and(
              eq(passwordResets.userId, account.id),
              isNull(passwordResets.usedAt),
              isNull(passwordResets.revokedAt),
            ),
          );
        await tx
          .update(mailOutbox)
          .set({ toAddress: address, body: null })
          .where(eq(mailOutbox.userId, account.id));
        await tx
          .update(mailOutbox)
          .set({ status: "cancelled" })
          .where(and(eq(mailOutbox.userId, account.id), eq(mailOutbox.status, "pending")));
      }
      await tx.insert(auditLog).values(audit);
      return true;
    }),
  );
}

/**
 * Moves the home stops and leg ends of the requests to the mesh centre. The
 * effects apportion a route's distance by its stop-to-stop straight lines, so
 * each moved stop, and the stop after it, keeps its distance from the previous
 * stop as it was.
 */
async function erasePlanPoints(
  tx: DbOrTx,
  municipalityCode: string,
  ids: readonly string[],
  isHome: (p: LatLon) => boolean,
  geometry: ErasureGeometry,
) {
  const touched = (
    await tx
      .select()
      .from(planStops)
      .where(and(eq(planStops.municipalityCode, municipalityCode), inArray(planStops.requestId, [...ids])))
  ).filter((s) => isHome(s));
  const routes = new Map(touched.map((s) => [`${s.runId}\u0000${s.vehicleId}\u0000${s.shift}`, s]));
  for (const sample of routes.values()) {
    const stops = await tx
      .select()
      .from(planStops)
      .where(
        and(
          eq(planStops.runId, sample.runId),
          eq(planStops.vehicleId, sample.vehicleId),
          eq(planStops.shift, sample.shift),
        ),
      )
      .orderBy(asc(planStops.seq));
    const moving = new Set(touched.filter((s) => stops.some((x) => x.id === s.id)).map((s) => s.id));
    for (const [i, stop] of stops.entries()) {
      const previous = stops[i - 1];
      const moves = moving.has(stop.id);
      const frozen =
        previous && (moves || moving.has(previous.id))
          ? (stop.fromPreviousM ?? geometry.metres(previous, stop))
          : stop.fromPreviousM;
      if (!moves && frozen === stop.fromPreviousM) continue;
      const point = moves ? geometry.coarsen(stop) : stop;
      await tx
        .update(planStops)
        .set({ lat: point.lat, lon: point.lon, fromPreviousM: frozen })
        .where(eq(planStops.id, stop.id));
    }
  }
  const legs = await tx
    .select()
    .from(planLegs)
    .where(and(eq(planLegs.municipalityCode, municipalityCode), inArray(planLegs.requestId, [...ids])));
  for (const leg of legs) {
    const from = { lat: leg.fromLat, lon: leg.fromLon };
    const to = { lat: leg.toLat, lon: leg.toLon };
    if (!isHome(from) && !isHome(to)) continue;
    const f = isHome(from) ? geometry.coarsen(from) : from;
    const t = isHome(to) ? geometry.coarsen(to) : to;
    await tx
      .update(planLegs)
      .set({ fromLat: f.lat, fromLon: f.lon, toLat: t.lat, toLon: t.lon })
      .where(
        and(
          eq(planLegs.runId, leg.runId),
          eq(planLegs.requestId, leg.requestId),
          eq(planLegs.legIndex, leg.legIndex),
        ),
      );
  }
}
