import { type ReasonText, type UnassignedReason, unassignedReasonText } from "@tsunagu/contract";
import { lang } from "../i18n";

export type { ReasonText };

/**
 * Why a request is not in the plan, as sentences a coordinator can act on, in
 * the page's language. The sentences live in the contract
 * (`UNASSIGNED_REASON_WORDS`), so the plan review and the answer a resident
 * reads (配車できませんでした, stored by the server) are the same words.
 */
export function reasonText(reason: UnassignedReason, kind: "ride" | "parcel"): ReasonText {
  return unassignedReasonText(reason, kind, lang());
}
