import { MunicipalityCodeSchema } from "@tsunagu/contract";
import { z } from "zod";

/** Path parameters of every tenant-scoped resource. */
export const TenantParams = z.object({ code: MunicipalityCodeSchema });
export const TenantItemParams = TenantParams.extend({ id: z.string().min(1).max(100) });
