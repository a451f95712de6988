import {
  RequestCreatedSchema,
  RequestInputSchema,
  RequestListQuerySchema,
  RequestPageSchema,
  RequestSearchQuerySchema,
  RequestSearchResultSchema,
  TransitionInputSchema,
  TransportRequestDetailSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantItemParams, TenantParams } from "../../lib/params";
import { jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("requests");

const base = "/api/v1/municipalities/{code}/requests";

export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "must be 1–255 visible ASCII characters (a UUID is ideal)")
    .optional()
    .meta({
      description:
        "Makes the POST safe to retry. A retry with the same key and body returns the first response (header Idempotent-Replayed: true) and creates nothing. The same key with a different body → 422 idempotency_key_reused (draft-ietf-httpapi-idempotency-key-header). Keys are kept 24 hours.",
    }),
});

export const createRequestRoute = route("post", base, {
  summary: "Submit a ride or parcel request",
  description:
    "Validates times (latest after earliest, date not in the past in Asia/Tokyo), places and the resident, then stores the request as `submitted`. When the date already has an approved plan, the request is inserted into it at once (live request): `placement` says where it went (inserted → status confirmed, with the pick-up time) or why it could not (unservable → still submitted, with the reason); a coordinator sees it either way. The same trip booked again (same resident, kind, date, pick-up and drop-off, an overlapping window, the first still active) → 409 duplicate_request with `existingRequestId`, unless the body has `confirmDuplicate: true`; a retried Idempotency-Key is not a duplicate.",
  request: { params: TenantParams, headers: IdempotencyHeaders, body: jsonBody(RequestInputSchema) },
  responses: {
    201: jsonResponse(
      RequestCreatedSchema,
      "Created (or, for a retried Idempotency-Key, the first response replayed).",
    ),
    ...problemResponses(409, 429),
  },
});

export const listRequestsRoute = route("get", base, {
  summary: "List requests with filters and paging",
  request: { params: TenantParams, query: RequestListQuerySchema },
  responses: { 200: jsonResponse(RequestPageSchema, "One page.") },
});

export const getRequestRoute = route("get", `${base}/{id}`, {
  summary: "One request with its status history",
  request: { params: TenantItemParams },
  responses: { 200: jsonResponse(TransportRequestDetailSchema, "The request.") },
});

export const transitionRequestRoute = route("post", `${base}/{id}/transitions`, {
  summary: "Move a request through its lifecycle",
  description:
    "submitted → planned → confirmed → in_progress → done; cancelled / no_show / unserved need a `reason`. An illegal move → 409 illegal_transition.",
  request: { params: TenantItemParams, body: jsonBody(TransitionInputSchema) },
  responses: { 200: jsonResponse(TransportRequestDetailSchema, "Moved."), ...problemResponses(409) },
});

export const searchRequestsRoute = route("get", "/api/v1/municipalities/{code}/request-search", {
  summary: "Find a day's requests by name, kana, phone or request number",
  description:
    "For coordinators and staff taking a call. Spaces are ignored; a phone matches on its digits (three at least). Answers at most 50 hits, each with the resident's name and phone and the named pick-up and drop-off; every request and resident shown is audited as read.",
  request: { params: TenantParams, query: RequestSearchQuerySchema },
  responses: {
    200: jsonResponse(RequestSearchResultSchema, "The hits."),
  },
});
