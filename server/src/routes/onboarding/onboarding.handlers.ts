import type { RouteHandler } from "@hono/zod-openapi";
import type { EstatFile } from "@tsunagu/geo";
import type { RegisterKind } from "@tsunagu/registers";
import type { Context } from "hono";
import { importBoundary } from "../../domain/onboarding/boundary";
import { importPopulationFiles } from "../../domain/onboarding/population";
import { exportRegister, importRegister } from "../../domain/onboarding/registers";
import { onboardingStatusOf } from "../../domain/onboarding/status";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type * as r from "./onboarding.routes";

/** The uploaded files: every file part of a multipart body, else the body itself as one file. */
async function uploadedFiles(c: Context<AppEnv>, fallbackName: string): Promise<EstatFile[]> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data"))
    return [{ name: fallbackName, bytes: new Uint8Array(await c.req.arrayBuffer()) }];
  const form = await c.req.formData();
  const files: EstatFile[] = [];
  for (const [, value] of form.entries()) {
    if (typeof value === "string") continue;
    files.push({ name: value.name || fallbackName, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return files;
}

export const importBoundaryHandler: RouteHandler<typeof r.importBoundaryRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return c.json(await importBoundary(domainContext(c), code, bytes), 201);
};

export const importPopulationHandler: RouteHandler<typeof r.importPopulationRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const files = await uploadedFiles(c, "mesh.zip");
  return c.json(await importPopulationFiles(domainContext(c), code, files, c.req.valid("query")), 201);
};

/** Import and export handlers of one register. */
export function registerHandlers<K extends RegisterKind>(kind: K) {
  const importHandler: RouteHandler<ReturnType<typeof r.registerImportRoute<K>>, AppEnv> = async (c) => {
    const { code } = c.req.valid("param");
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(await importRegister(domainContext(c), code, kind, bytes), 201);
  };
  const exportHandler: RouteHandler<ReturnType<typeof r.registerExportRoute<K>>, AppEnv> = async (c) => {
    const { code } = c.req.valid("param");
    const file = await exportRegister(domainContext(c), code, kind, c.req.valid("query").format);
    return c.body(new Uint8Array(file.bytes), 200, {
      "content-type": file.mediaType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
    });
  };
  return { importHandler, exportHandler };
}

export const onboardingStatusHandler: RouteHandler<typeof r.onboardingStatusRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await onboardingStatusOf(domainContext(c), code), 200);
};
