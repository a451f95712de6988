import { createRoute } from "@hono/zod-openapi";
import {
  ManagedMunicipalitySchema,
  MunicipalityCreateSchema,
  OutboxMessageSchema,
  PasswordResetLinkSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

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

export const createMunicipalityRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities",
  tags: ["platform"],
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
    201: json(Created, "Created; the admin's invitation is in the outbox."),
    ...problemResponses(409),
  },
});

export const listManagedRoute = createRoute({
  method: "get",
  path: "/api/v1/platform/municipalities",
  tags: ["platform"],
  summary: "Every municipality with its state and its admin's invitation state (archived included)",
  responses: { 200: json(z.object({ items: z.array(ManagedMunicipalitySchema) }), "Municipalities.") },
});

export const archiveRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/archive",
  tags: ["platform"],
  summary: "Archive a municipality: its data stays, its accounts are signed out and refused",
  request: { params: TenantParams },
  responses: { 200: json(ManagedMunicipalitySchema, "Archived.") },
});

export const unarchiveRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/unarchive",
  tags: ["platform"],
  summary: "Bring an archived municipality back into service",
  request: { params: TenantParams },
  responses: { 200: json(ManagedMunicipalitySchema, "In service again.") },
});

export const reinviteRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/admin-invitations",
  tags: ["platform"],
  summary: "A new invitation for a first admin who has not accepted one (the newest revokes the older)",
  request: { params: TenantParams },
  responses: {
    201: json(PasswordResetLinkSchema, "Invited again."),
    ...problemResponses(409),
  },
});

export const outboxRoute = createRoute({
  method: "get",
  path: "/api/v1/platform/outbox",
  tags: ["platform"],
  summary: "The operator's mail: admin invitations and whether they were sent (never their content)",
  responses: { 200: json(z.object({ items: z.array(OutboxMessageSchema) }), "Messages, newest first.") },
});
