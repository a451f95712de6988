import {
  ManagedMunicipalitySchema,
  MunicipalityCreateSchema,
  OutboxMessageSchema,
  PasswordResetLinkSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";
import { itemsOf, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("platform");

/** The multipart form of a new municipality: the JSON fields, and the N03 file. */
export const MunicipalityCreateForm = MunicipalityCreateSchema.extend({
  boundary: z.any().optional().meta({
    type: "string",
    format: "binary",
    description:
      "国土数値情報 N03 GeoJSON as MLIT publishes it (one town or a whole prefecture; UTF-8 or Shift_JIS).",
  }),
});

const Created = z.object({ municipality: ManagedMunicipalitySchema, invitation: PasswordResetLinkSchema });

export const createMunicipalityRoute = route("post", "/api/v1/municipalities", {
  summary: "Create a municipality and invite its first admin (platform operator)",
  description:
    "By its 全国地方公共団体コード (6 digits with the check digit, or 5). With an N03 boundary file (multipart/form-data field `boundary`) the name, prefecture and map centre come from the file; without one, give `name` and `centreLat`/`centreLon`. The first admin gets a one-time invitation (7 days) by mail; `invitation.resetPath` is answered in demo mode only.",
  request: {
    body: {
      // Not `required`: each content type's validator then runs only for its own content type.
      required: false,
      content: {
        "application/json": { schema: MunicipalityCreateSchema },
        "multipart/form-data": { schema: MunicipalityCreateForm },
      },
    },
  },
  responses: {
    201: jsonResponse(Created, "Created; the admin's invitation is in the outbox."),
    ...problemResponses(409),
  },
});

export const listManagedRoute = route("get", "/api/v1/platform/municipalities", {
  summary: "Every municipality with its state and its admin's invitation state (archived included)",
  responses: { 200: jsonResponse(itemsOf(ManagedMunicipalitySchema), "Municipalities.") },
});

export const archiveRoute = route("post", "/api/v1/municipalities/{code}/archive", {
  summary: "Archive a municipality: its data stays, its accounts are signed out and refused",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(ManagedMunicipalitySchema, "Archived.") },
});

export const unarchiveRoute = route("post", "/api/v1/municipalities/{code}/unarchive", {
  summary: "Bring an archived municipality back into service",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(ManagedMunicipalitySchema, "In service again.") },
});

export const reinviteRoute = route("post", "/api/v1/municipalities/{code}/admin-invitations", {
  summary: "A new invitation for a first admin who has not accepted one (the newest revokes the older)",
  request: { params: TenantParams },
  responses: {
    201: jsonResponse(PasswordResetLinkSchema, "Invited again."),
    ...problemResponses(409),
  },
});

export const outboxRoute = route("get", "/api/v1/platform/outbox", {
  summary: "The operator's mail: admin invitations and whether they were sent (never their content)",
  responses: { 200: jsonResponse(itemsOf(OutboxMessageSchema), "Messages, newest first.") },
});
