import type { SessionUser, UserAccountSchema } from "@tsunagu/contract";
import type { UserRow } from "@tsunagu/db";
import type { z } from "zod";

/** What an account shows of itself: never its password hash. */
export type AccountFacts = Pick<
  UserRow,
  "email" | "displayName" | "role" | "municipalityCode" | "residentId" | "driverId"
>;

/** The signed-in account as the web app shows it (from a users row, or the session's caller). */
export function sessionUserOf(id: string, account: AccountFacts): SessionUser {
  return {
    id,
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    municipalityCode: account.municipalityCode,
    residentId: account.residentId,
    driverId: account.driverId,
  };
}

/** An account as the municipality's account list shows it. */
export function userAccountOf(user: UserRow): z.infer<typeof UserAccountSchema> {
  return { ...sessionUserOf(user.id, user), disabledAt: user.disabledAt, createdAt: user.createdAt };
}
