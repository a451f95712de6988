import type { ParcelDetails } from "@tsunagu/contract";
import { type MessageId, t } from "../i18n";

/**
 * A parcel in short facts, the same on the plan review and the run sheets:
 * what it is and its size class (小・中・大).
 */
export function parcelFacts(parcel: ParcelDetails): string[] {
  const facts: string[] = [];
  if (parcel.description) facts.push(parcel.description);
  if (parcel.sizeClass)
    facts.push(t("sheet.sizeClass", { size: t(`request.size.${parcel.sizeClass}` as MessageId) }));
  return facts;
}

/** Whom a parcel is handed to, their phone, and whether 置き配 is allowed. */
export function receiverFacts(parcel: ParcelDetails): string[] {
  const facts: string[] = [];
  if (parcel.receiverName) facts.push(t("sheet.receiver", { name: parcel.receiverName }));
  if (parcel.receiverPhone) facts.push(`☎ ${parcel.receiverPhone}`);
  facts.push(t(parcel.handover === "leave_at_door" ? "sheet.leaveAtDoor" : "sheet.handToPerson"));
  return facts;
}

/** The whole parcel for the plan review: what, size, and to whom. */
export const parcelLine = (parcel: ParcelDetails): string =>
  [...parcelFacts(parcel), ...receiverFacts(parcel)].join(" ・ ");
