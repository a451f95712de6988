import type { SessionUser } from "@tsunagu/contract";
import { createResource, createRoot } from "solid-js";
import { authApi } from "./api/client";

/**
 * Who is signed in, loaded once and shared by the shell and the pages.
 * `refreshSession()` after signing in or out.
 */
const [session, { refetch, mutate }] = createRoot(() => createResource(() => authApi.session()));

export const currentUser = (): SessionUser | null => session()?.user ?? null;
/** True once the first session check has answered (signed in or not). */
export const sessionKnown = () => session.state === "ready" || session.state === "errored";
export const refreshSession = () => refetch();
export const clearSession = () => mutate(null);

/** The page a role starts on after signing in. */
export function homeOf(user: SessionUser): string {
  const code = user.municipalityCode ?? "";
  switch (user.role) {
    case "resident":
      return `/request/${code}`;
    case "coordinator":
      return `/intake/${code}`;
    case "driver":
      return "/run-sheets";
    default:
      return "/resources";
  }
}
