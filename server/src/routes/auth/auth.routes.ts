import {
  AuditEntrySchema,
  AuditQuerySchema,
  PasswordChangeInputSchema,
  PasswordResetLinkSchema,
  PasswordResetRedeemSchema,
  SessionSchema,
  SignInInputSchema,
  UserAccountSchema,
  UserInputSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantItemParams, TenantParams } from "../../lib/params";
import { itemsOf, jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const auditRoute = taggedRoutes("audit");
const authRoute = taggedRoutes("auth");
const meRoute = taggedRoutes("me");
const usersRoute = taggedRoutes("users");

const a = "/api/v1/auth";
const m = "/api/v1/municipalities/{code}";

export const signInRoute = authRoute("post", `${a}/sign-in`, {
  summary: "Sign in with email and password",
  description:
    "Sets a new HttpOnly session cookie (a new id at every sign-in) and a readable tsunagu_csrf cookie. Rate-limited per client; wrong email and wrong password answer the same 401.",
  request: { body: jsonBody(SignInInputSchema) },
  responses: { 200: jsonResponse(SessionSchema, "Signed in."), ...problemResponses(401, 403, 429) },
});

export const sessionRoute = authRoute("get", `${a}/session`, {
  summary: "Who is signed in",
  responses: { 200: jsonResponse(SessionSchema, "The session.") },
});

export const signOutRoute = authRoute("post", `${a}/sign-out`, {
  summary: "Sign out this session",
  responses: { 204: { description: "Signed out." } },
});

export const signOutEverywhereRoute = authRoute("post", `${a}/sign-out-everywhere`, {
  summary: "Sign out every session of this account",
  responses: { 204: { description: "Every session ended." } },
});

export const changePasswordRoute = authRoute("put", `${a}/password`, {
  summary: "Change the password (other sessions are signed out)",
  request: { body: jsonBody(PasswordChangeInputSchema) },
  responses: { 204: { description: "Changed." } },
});

export const redeemResetRoute = authRoute("post", `${a}/password-reset`, {
  summary: "Set a new password with a one-time link (single use, newest only, expiring)",
  request: { body: jsonBody(PasswordResetRedeemSchema) },
  responses: { 204: { description: "Password set; sign in with it." }, ...problemResponses(429) },
});

export const acceptInvitationRoute = authRoute("post", `${a}/invitation`, {
  summary: "Accept an invitation: set the password with the one-time link and sign in",
  description:
    "The link is good once, until it expires (7 days), and only while it is the account's newest; then the answer is 422 naming body.token.",
  request: { body: jsonBody(PasswordResetRedeemSchema) },
  responses: { 200: jsonResponse(SessionSchema, "Password set; signed in."), ...problemResponses(429) },
});

export const listUsersRoute = usersRoute("get", `${m}/users`, {
  summary: "The municipality's accounts",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(itemsOf(UserAccountSchema), "Accounts.") },
});

export const createUserRoute = usersRoute("post", `${m}/users`, {
  summary: "Open an account; a one-time invitation is mailed to its address (answered in demo mode only)",
  request: { params: TenantParams, body: jsonBody(UserInputSchema) },
  responses: {
    201: jsonResponse(z.object({ user: UserAccountSchema, reset: PasswordResetLinkSchema }), "Created."),
    ...problemResponses(409),
  },
});

export const issueResetRoute = usersRoute("post", `${m}/users/{id}/password-resets`, {
  summary:
    "Mail a one-time password-reset link to the account's address (valid 1 h; answered in demo mode only)",
  request: { params: TenantItemParams },
  responses: { 201: jsonResponse(PasswordResetLinkSchema, "The link.") },
});

export const disableUserRoute = usersRoute("post", `${m}/users/{id}/disable`, {
  summary: "Stop an account (利用停止): it cannot sign in, its sessions end and its links die at once",
  description:
    "The municipality's staff, for its other accounts: their own account → 422 naming param.id (another admin must stop it). Audited as `disable user`. Stopping a stopped account keeps its first stop time.",
  request: { params: TenantItemParams },
  responses: { 200: jsonResponse(UserAccountSchema, "The account, stopped.") },
});

export const enableUserRoute = usersRoute("post", `${m}/users/{id}/enable`, {
  summary: "Restore a stopped account (利用再開): it may sign in again",
  description:
    "The municipality's staff, for its other accounts: their own account → 422 naming param.id. Audited as `enable user`.",
  request: { params: TenantItemParams },
  responses: { 200: jsonResponse(UserAccountSchema, "The account, usable again.") },
});

export const auditLogRoute = auditRoute("get", `${m}/audit-log`, {
  summary: "Who read or changed which resident's personal data (append-only), newest first",
  request: { params: TenantParams, query: AuditQuerySchema },
  responses: { 200: jsonResponse(itemsOf(AuditEntrySchema), "Entries.") },
});

export const myDataRoute = meRoute("get", "/api/v1/me/data", {
  summary: "Download everything held about me (JSON)",
  responses: {
    200: jsonResponse(z.record(z.string(), z.unknown()), "My data, as a file."),
    ...problemResponses(404),
  },
});

const ErasureBody = jsonBody(z.object({ confirm: z.literal(true) }));
const Erased = jsonResponse(z.object({ erasedAt: z.string() }), "Erased.");

export const eraseMeRoute = meRoute("post", "/api/v1/me/erasure", {
  summary: "Erase my personal data and close my account",
  description:
    'Names, phone, home point and free text are erased; anonymised trip statistics stay so reports remain correct. Send {"confirm": true}.',
  request: { body: ErasureBody },
  responses: { 200: { ...Erased, description: "Erased; signed out." }, ...problemResponses(404) },
});

export const eraseResidentRoute = usersRoute("post", `${m}/residents/{id}/erasure`, {
  summary: "Erase a resident's personal data at their request made in person (staff)",
  description:
    'The same erasure as POST /me/erasure: everywhere the person appears, their name, contact, home point and free text go; anonymised trip statistics stay. Send {"confirm": true}.',
  request: { params: TenantItemParams, body: ErasureBody },
  responses: { 200: Erased, ...problemResponses(404) },
});
