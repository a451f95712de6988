import { z } from "zod";
import { integerQuery, NON_BLANK } from "./documented";

/** The five roles, most powerful first. */
export const RoleSchema = z
  .enum(["platform_admin", "municipal_staff", "coordinator", "driver", "resident"])
  .meta({ id: "Role" });
export type Role = z.infer<typeof RoleSchema>;

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address");

/** Passwords are checked for length on the server (12–128 characters); here only the wire bounds. */
export const PasswordSchema = z.string().min(1).max(1024);

export const SignInInputSchema = z
  .object({ email: EmailSchema, password: PasswordSchema })
  .meta({ id: "SignInInput" });

/** What the session and the account list both tell of an account. No password hash, ever. */
const accountFields = {
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  municipalityCode: z.string().nullable(),
  residentId: z.string().nullable(),
  driverId: z.string().nullable(),
};

/** Who is signed in, as the web app shows it. */
export const SessionUserSchema = z.object(accountFields).meta({ id: "SessionUser" });
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const SessionSchema = z
  .object({
    user: SessionUserSchema,
    /** Send this in the X-CSRF-Token header on every POST/PUT/DELETE (it is also in the tsunagu_csrf cookie). */
    csrfToken: z.string(),
  })
  .meta({ id: "Session" });
export type Session = z.infer<typeof SessionSchema>;

export const PasswordChangeInputSchema = z
  .object({ currentPassword: PasswordSchema, newPassword: PasswordSchema })
  .meta({ id: "PasswordChangeInput" });

export const PasswordResetRedeemSchema = z
  .object({ token: z.string().min(20).max(200), newPassword: PasswordSchema })
  .meta({ id: "PasswordResetRedeem" });

export const PasswordResetLinkSchema = z
  .object({
    /**
     * Demo mode only: the link itself, shown once (the token is stored only as
     * a hash; it sits in the fragment so it never reaches a server log).
     * Outside demo mode the link goes only to the account's own address.
     */
    resetPath: z.string().optional(),
    expiresAt: z.string(),
    /** The outbox message that carries the link to the account's address. */
    messageId: z.string(),
  })
  .meta({ id: "PasswordResetLink" });

/** A message in the mail outbox, as the platform operator sees it: never its body (which holds a link). */
export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["admin_invitation", "invitation", "password_reset"]),
    municipalityCode: z.string().nullable(),
    toAddress: z.string(),
    subject: z.string(),
    /** pending = 未送信 (no SMTP_URL, or not yet delivered). */
    status: z.enum(["pending", "sent", "failed", "cancelled"]),
    attempts: z.number().int(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: "OutboxMessage" });
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const UserAccountSchema = z
  .object({
    ...accountFields,
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "UserAccount" });

export const UserInputSchema = z
  .object({
    email: EmailSchema,
    displayName: z.string().trim().min(1).max(100).meta(NON_BLANK),
    role: RoleSchema.exclude(["platform_admin"]),
    residentId: z.string().min(1).max(100).nullable().default(null),
    driverId: z.string().min(1).max(100).nullable().default(null),
  })
  .meta({ id: "UserInput" });

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    municipalityCode: z.string().nullable(),
    actorUserId: z.string().nullable(),
    actorRole: z.string().nullable(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    residentId: z.string().nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });

/** An instant in UTC, "2026-06-01T09:00:00Z" (no other offsets). */
const UtcInstantSchema = z.iso.datetime().meta({ pattern: "Z$", example: "2026-06-01T00:00:00Z" });

export const AuditQuerySchema = z.object({
  residentId: z.string().min(1).max(100).optional(),
  actorUserId: z.string().min(1).max(100).optional(),
  action: z.string().min(1).max(40).optional(),
  resourceType: z.string().min(1).max(40).optional(),
  from: UtcInstantSchema.optional(),
  to: UtcInstantSchema.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .meta(integerQuery(1, 500, 100)),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .meta(integerQuery(0, 1_000_000, 0)),
});
/** Filters of the audit log; `from`/`to` are ISO date-times, inclusive. */
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
