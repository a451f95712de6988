import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt at OWASP's recommended cost (Password Storage
 * Cheat Sheet: N=2^17, r=8, p=1). node:crypto's async scrypt runs on the libuv
 * thread pool, so a sign-in does not block the event loop. The parameters are
 * stored in the hash, so they can be raised later without breaking old hashes.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. Default 17 (N = 131072). */
  logN: number;
  /** Block size. Default 8. */
  r: number;
  /** Parallelisation. Default 1. */
  p: number;
}

export const OWASP_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // scrypt needs 128·N·r bytes; allow twice that (256 MiB at the OWASP cost).
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$logN$r$p$salt$key` with base64url salt and key. `params` other than the default are for tests. */
export async function hashPassword(password: string, params: ScryptParams = OWASP_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return [
    "scrypt",
    params.logN,
    params.r,
    params.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

/** Constant-time check of a password against a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const expected = Buffer.from(parts[5] ?? "", "base64url");
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(password, salt, { logN, r, p });
  return timingSafeEqual(key, expected);
}

/**
 * A hash no password matches, verified when the email is unknown so that
 * "no such account" takes as long as "wrong password" (no user enumeration by timing).
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}

/** ASVS 6.2: at least 12 characters (tsunagu-demo has 12), at most 128, not only spaces. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < 12) return "must be at least 12 characters";
  if ([...password].length > 128) return "must be at most 128 characters";
  if (password.trim().length === 0) return "must not be only spaces";
  return undefined;
}
