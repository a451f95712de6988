import { createHash, randomBytes } from "node:crypto";

/**
 * Account secrets: session ids and password-reset tokens. Only their SHA-256
 * is stored, so a copy of the database opens no session and resets no password.
 */

/** A new random secret: 32 bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a secret. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
