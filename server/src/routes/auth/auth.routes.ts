import { createRoute } from "@hono/zod-openapi";
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

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
const a = "/api/v1/auth";
const m = "/api/v1/municipalities/{code}";

export const signInRoute = createRoute({
  method: "post",
  path: `${a}/sign-in`,
  tags: ["auth"],
  summary: "Sign in with email and password",
  description:
    "Sets a new HttpOnly session cookie (a new id at every sign-in) and a readable tsunagu_csrf cookie. Rate-limited per client; wrong email and wrong password answer the same 401.",
  request: { body: body(SignInInputSchema) },
  responses: { 200: json(SessionSchema, "Signed in."), ...problemResponses(401, 403, 429) },
});

export const sessionRoute = createRoute({
  method: "get",
  path: `${a}/session`,
  tags: ["auth"],
  summary: "Who is signed in",
  responses: { 200: json(SessionSchema, "The session.") },
});

export const signOutRoute = createRoute({
  method: "post",
  path: `${a}/sign-out`,
  tags: ["auth"],
  summary: "Sign out this session",
  responses: { 204: { description: "Signed out." } },
});

export const signOutEverywhereRoute = createRoute({
  method: "post",
  path: `${a}/sign-out-everywhere`,
  tags: ["auth"],
  summary: "Sign out every session of this account",
  responses: { 204: { description: "Every session ended." } },
});

export const changePasswordRoute = createRoute({
  method: "put",
  path: `${a}/password`,
  tags: ["auth"],
  summary: "Change the password (other sessions are signed out)",
  request: { body: body(PasswordChangeInputSchema) },
  responses: { 204: { description: "Changed." } },
});

export const redeemResetRoute = createRoute({
  method: "post",
  path: `${a}/password-reset`,
  tags: ["auth"],
  summary: "Set a new password with a one-time link (single use, newest only, expiring)",
  request: { body: body(PasswordResetRedeemSchema) },
  responses: { 204: { description: "Password set; sign in with it." }, ...problemResponses(429) },
});

export const acceptInvitationRoute = createRoute({
  method: "post",
  path: `${a}/invitation`,
  tags: ["auth"],
  summary: "Accept an invitation: set the password with the one-time link and sign in",
  description:
    "The link is good once, until it expires (7 days), and only while it is the account's newest; then the answer is 422 naming body.token.",
  request: { body: body(PasswordResetRedeemSchema) },
  responses: { 200: json(SessionSchema, "Password set; signed in."), ...problemResponses(429) },
});

export const listUsersRoute = createRoute({
  method: "get",
  path: `${m}/users`,
  tags: ["users"],
  summary: "The municipality's accounts",
  request: { params: TenantParams },
  responses: {
    200: json(z.object({ items: z.array(UserAccountSchema) }), "Accounts."),
  },
});

export const createUserRoute = createRoute({
  method: "post",
  path: `${m}/users`,
  tags: ["users"],
  summary: "Open an account; a one-time invitation is mailed to its address (answered in demo mode only)",
  request: { params: TenantParams, body: body(UserInputSchema) },
  responses: {
    201: json(z.object({ user: UserAccountSchema, reset: PasswordResetLinkSchema }), "Created."),
    ...problemResponses(409),
  },
});

export const issueResetRoute = createRoute({
  method: "post",
  path: `${m}/users/{id}/password-resets`,
  tags: ["users"],
  summary:
    "Mail a one-time password-reset link to the account's address (valid 1 h; answered in demo mode only)",
  request: { params: TenantItemParams },
  responses: { 201: json(PasswordResetLinkSchema, "The link.") },
});

export const auditLogRoute = createRoute({
  method: "get",
  path: `${m}/audit-log`,
  tags: ["audit"],
  summary: "Who read or changed which resident's personal data (append-only), newest first",
  request: { params: TenantParams, query: AuditQuerySchema },
  responses: {
    200: json(z.object({ items: z.array(AuditEntrySchema) }), "Entries."),
  },
});

export const myDataRoute = createRoute({
  method: "get",
  path: "/api/v1/me/data",
  tags: ["me"],
  summary: "Download everything held about me (JSON)",
  responses: {
    200: json(z.record(z.string(), z.unknown()), "My data, as a file."),
    ...problemResponses(404),
  },
});

export const eraseMeRoute = createRoute({
  method: "post",
  path: "/api/v1/me/erasure",
  tags: ["me"],
  summary: "Erase my personal data and close my account",
  description:
    'Names, phone, home point and free text are erased; anonymised trip statistics stay so reports remain correct. Send {"confirm": true}.',
  request: { body: body(z.object({ confirm: z.literal(true) })) },
  responses: {
    200: json(z.object({ erasedAt: z.string() }), "Erased; signed out."),
    ...problemResponses(404),
  },
});
