/**
 * One structured JSON line per event on stdout. Never pass personal data
 * (names, addresses, free text from residents) to it: logs are not
 * access-controlled. As a second line of defence every line is redacted on
 * the way out (`redactLogFields`): fields named like personal data are
 * dropped, and in every text e-mail addresses, phone numbers, coordinates
 * and Japanese text (names and addresses are written in it; the log's own
 * words are English) are replaced.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const REDACTED = "[redacted]";

/** Field names whose values are personal (or secret) whatever they hold. */
const PERSONAL_FIELD =
  /^(name|namekana|kana|displayname|residentname|receivername|receiverphone|phone|tel|address|email|to|toaddress|lat|lon|lng|home|point|pickup|dropoff|notes?|reason|description|body|password|token|cookie)$/i;

const PATTERNS: readonly RegExp[] = [
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g, // e-mail
  // A Japanese phone number (0761-00-0000, 09011112222), not a piece of an id or a code.
  /(?<![\w-])(0\d{1,4}[-‐−]\d{1,4}[-‐−]\d{3,4}|0\d{9,10})(?![\w-])/g,
  /-?\d{1,3}\.\d{3,}/g, // a coordinate (5 decimals and more point at a house)
  /[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+/g, // Japanese text
];

function redactText(text: string): string {
  return PATTERNS.reduce((s, pattern) => s.replace(pattern, REDACTED), text);
}

/** The fields as they may be written: personal fields dropped, texts redacted, errors as name + redacted message. */
export function redactLogFields(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value === null || typeof value !== "object") return value;
  if (depth > 4) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactLogFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    out[key] = PERSONAL_FIELD.test(key) ? REDACTED : redactLogFields(v, depth + 1);
  return out;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return;
    const safe = fields ? (redactLogFields(fields) as Record<string, unknown>) : {};
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: redactText(msg), ...safe }));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
