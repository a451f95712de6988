import type { SessionUser } from "@tsunagu/contract";
import { createResource, createRoot } from "solid-js";
import { api, authApi } from "./api/client";

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

/**
 * The municipality a page works on, as a resource source: the URL's, else the
 * signed-in account's (a municipality's staff land on their own town, never on
 * another's that happens to be first), else "" — see `resolveMunicipality`.
 */
export function municipalityKey(urlCode: string | undefined): string {
  return urlCode || currentUser()?.municipalityCode || "";
}

/** The key's municipality; for a platform operator (who has none) the first one in the registry. */
export async function resolveMunicipality(key: string): Promise<string | undefined> {
  return key || (await api.municipalities()).items[0]?.code;
}
