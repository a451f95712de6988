import { MunicipalityCodeSchema } from "@tsunagu/contract";
import { type Db, findMunicipality } from "@tsunagu/db";
import { z } from "zod";
import { ApiProblem } from "../../lib/problem";

/** Path parameters of every tenant-scoped resource. */
export const TenantParams = z.object({ code: MunicipalityCodeSchema });
export const TenantItemParams = TenantParams.extend({ id: z.string().min(1).max(100) });

/**
 * 404 unless the municipality exists. An auth middleware will later also
 * check that the caller belongs to it; the handlers stay the same.
 */
export async function requireMunicipality(db: Db, code: string) {
  const municipality = await findMunicipality(db, code);
  if (!municipality) throw new ApiProblem(404, "not_found", `No municipality ${code}.`);
  return municipality;
}

export function notFound(what: string, id: string): ApiProblem {
  return new ApiProblem(404, "not_found", `No ${what} ${id} in this municipality.`);
}

/** 422 naming one field, for checks that need the database (an unknown place id …). */
export function invalidField(path: string, message: string, code = "invalid_reference"): ApiProblem {
  return new ApiProblem(422, "validation_failed", "The request has invalid fields.", {
    errors: [{ path, message, code }],
  });
}

/** Today's date and clock time in Japan, whatever the server's time zone. */
export function tokyoNow(now: Date): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    minutes: Number(get("hour")) * 60 + Number(get("minute")),
  };
}
