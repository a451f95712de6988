import type { RouteHandler } from "@hono/zod-openapi";
import { outboxOfOperator } from "../../domain/accounts/outbox";
import {
  archiveMunicipality,
  createMunicipality,
  listManagedMunicipalities,
  type MunicipalityInput,
  reinviteAdmin,
} from "../../domain/municipalities/municipalities";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import { linkPolicy } from "../../lib/links";
import { ApiProblem } from "../../lib/problem";
import type {
  archiveRoute,
  createMunicipalityRoute,
  listManagedRoute,
  outboxRoute,
  reinviteRoute,
  unarchiveRoute,
} from "./municipalities.routes";

export const createMunicipalityHandler: RouteHandler<typeof createMunicipalityRoute, AppEnv> = async (c) => {
  const contentType = c.req.header("content-type") ?? "";
  const multipart = contentType.startsWith("multipart/form-data");
  // The body is optional in the document (so each content type is checked only for itself): none is a 422 here.
  if (!multipart && !contentType.startsWith("application/json"))
    throw new ApiProblem(422, "validation_failed", "Send the municipality as JSON or multipart/form-data.", {
      errors: [{ path: "body", message: "is required" }],
    });
  const { boundary, ...input }: { boundary?: unknown } & MunicipalityInput = multipart
    ? c.req.valid("form")
    : c.req.valid("json");
  const file = boundary instanceof Blob ? new Uint8Array(await boundary.arrayBuffer()) : undefined;
  const created = await createMunicipality(domainContext(c), input, file, linkPolicy(c.get("deps").config));
  return c.json(created, 201);
};

export const listManagedHandler: RouteHandler<typeof listManagedRoute, AppEnv> = async (c) =>
  c.json(await listManagedMunicipalities(domainContext(c)), 200);

export const archiveHandler: RouteHandler<typeof archiveRoute, AppEnv> = async (c) =>
  c.json(await archiveMunicipality(domainContext(c), c.req.valid("param").code, true), 200);

export const unarchiveHandler: RouteHandler<typeof unarchiveRoute, AppEnv> = async (c) =>
  c.json(await archiveMunicipality(domainContext(c), c.req.valid("param").code, false), 200);

export const reinviteHandler: RouteHandler<typeof reinviteRoute, AppEnv> = async (c) =>
  c.json(
    await reinviteAdmin(domainContext(c), c.req.valid("param").code, linkPolicy(c.get("deps").config)),
    201,
  );

export const outboxHandler: RouteHandler<typeof outboxRoute, AppEnv> = async (c) =>
  c.json(await outboxOfOperator(domainContext(c)), 200);
