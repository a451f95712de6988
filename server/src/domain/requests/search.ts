/**
 * A coordinator finds a caller's booking: one day's requests matched by the
 * resident's name or kana, phone number or request number. Names and phones
 * are personal data: every request and resident shown is audited as read.
 */
import type { RequestSearchHit, RequestSearchResult } from "@tsunagu/contract";
import { appendAudit, listRequestsOfDate, type RequestRow } from "@tsunagu/db";
import { requireMunicipality } from "../access";
import { peopleShown } from "../audit";
import type { DomainContext } from "../context";
import { planPersonOf } from "../plans/convert";
import { loadPlaceBook, requestEnd } from "../plans/stopPlaces";
import { parcelDetailsOf } from "./convert";

/** At most this many hits are answered (`truncated` says there were more). */
export const SEARCH_LIMIT = 50;

/** Spaces (half and full width) dropped, letters lower-cased: 「山田　花子」 finds 「山田 花子」. */
const squeeze = (text: string) => text.replace(/[\s\u3000]+/g, "").toLowerCase();
const digits = (text: string) => text.replace(/\D+/g, "");

export async function searchDayRequests(
  ctx: DomainContext,
  code: string,
  query: { date: string; q: string },
): Promise<RequestSearchResult> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  const rows = await listRequestsOfDate(db, code, query.date);
  const book = await loadPlaceBook(db, code, rows);
  const q = squeeze(query.q);
  const qDigits = digits(query.q);
  const matches = (row: RequestRow) => {
    if (squeeze(row.id).includes(q)) return true;
    const resident = row.residentId ? book.people.get(row.residentId) : undefined;
    if (!resident) return false;
    if (resident.name && squeeze(resident.name).includes(q)) return true;
    const kana = row.residentId ? book.kana.get(row.residentId) : undefined;
    if (kana && squeeze(kana).includes(q)) return true;
    // Three digits at least, so 「1」 does not match every phone.
    return qDigits.length >= 3 && resident.phone !== null && digits(resident.phone).includes(qDigits);
  };
  const found = rows.filter(matches);
  const shown = found.slice(0, SEARCH_LIMIT);
  await appendAudit(db, peopleShown(ctx, code, shown));
  const items: RequestSearchHit[] = shown.map((r) => ({
    requestId: r.id,
    kind: r.kind,
    status: r.status,
    earliest: r.earliest,
    latest: r.latest,
    person: planPersonOf(r, book),
    from: requestEnd(r, "pickup", book),
    to: requestEnd(r, "dropoff", book),
    parcel: parcelDetailsOf(r),
  }));
  return { items, truncated: found.length > shown.length };
}
