/**
 * Weekly hours and dated changes as a person writes them in one cell:
 *
 *   受付時間 / 運行可能時間   月-金 08:30-12:00, 13:00-17:00; 土 08:30-12:00
 *   日付ごとの変更           2026-06-01 なし (車検); 2026/6/2 10:00-12:00
 *
 * Read leniently (月〜金, 月・水・金, 毎日, 平日, 9時-12時, 全角 digits, Mon-Fri)
 * and written in the first form, which reads back to the same windows.
 */
import type { AvailabilityException, WeeklyWindow } from "@tsunagu/contract";
import { normaliseNumberish } from "./normalise";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const DAY_LABELS = ["月", "火", "水", "木", "金", "土", "日"] as const;
const EN_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

const DAY = "[月火水木金土日](?:曜日?)?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*";
const CLOCK = "\\d{1,2}(?::\\d{2}|時(?:\\d{1,2}分)?)";
const TOKENS: readonly [kind: "times" | "dayRange" | "day" | "keyword" | "gap", pattern: RegExp][] = [
  ["times", new RegExp(`(${CLOCK})\\s*-\\s*(${CLOCK})`, "iy")],
  ["keyword", /(毎日|全日|平日|土日祝?|daily|every ?day|weekdays|weekends)/iy],
  ["dayRange", new RegExp(`(${DAY})\\s*-\\s*(${DAY})`, "iy")],
  ["day", new RegExp(`(${DAY})`, "iy")],
  ["gap", /[\s,、・]+/y],
];

function dayNumber(token: string): number {
  const t = token.toLowerCase();
  const jp = DAY_LABELS.indexOf(t[0] as (typeof DAY_LABELS)[number]);
  return jp >= 0 ? jp + 1 : EN_DAYS.indexOf(t.slice(0, 3) as (typeof EN_DAYS)[number]) + 1;
}

/** "9:05", "9時", "9時5分" → "09:05". */
function clock(token: string): string {
  const m = /^(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分)?)$/.exec(token) as RegExpExecArray;
  return `${(m[1] as string).padStart(2, "0")}:${(m[2] ?? m[3] ?? "0").padStart(2, "0")}`;
}

/** The text of a schedule cell with every range dash made "-" (〜, ～, ー between weekdays …). */
function scheduleText(cell: string): string {
  // A line break in the cell (Alt+Enter in Excel) separates entries like ";".
  return normaliseNumberish(cell.replace(/\r?\n/g, ";"))
    .replace(/[〜~]/g, "-")
    .replace(/(?<=[月火水木金土日])ー(?=[月火水木金土日])/g, "-");
}

/** Time ranges and the weekdays they apply to, from one segment; days apply to the ranges after them. */
function readWindows(
  text: string,
  allowDays: boolean,
): Parsed<{ days: number[]; from: string; to: string }[]> {
  const out: { days: number[]; from: string; to: string }[] = [];
  let days: number[] | null = null;
  let daysUsed = false;
  let at = 0;
  while (at < text.length) {
    let matched = false;
    for (const [kind, pattern] of TOKENS) {
      pattern.lastIndex = at;
      const m = pattern.exec(text);
      if (!m) continue;
      matched = true;
      at = pattern.lastIndex;
      if (kind === "gap") break;
      if (kind === "times") {
        out.push({ days: days ?? EVERY_DAY, from: clock(m[1] as string), to: clock(m[2] as string) });
        daysUsed = true;
        break;
      }
      if (!allowDays) return { ok: false, message: `"${m[0]}": a date's hours take no weekday` };
      if (daysUsed || days === null) {
        days = [];
        daysUsed = false;
      }
      if (kind === "day") days.push(dayNumber(m[1] as string));
      else if (kind === "dayRange") {
        const a = dayNumber(m[1] as string);
        const b = dayNumber(m[2] as string);
        for (let d = a; ; d = (d % 7) + 1) {
          days.push(d);
          if (d === b) break;
        }
      } else {
        const k = (m[1] as string).toLowerCase();
        if (k.includes("祝"))
          return { ok: false, message: "holidays (祝) cannot be told apart here: give dates instead" };
        days.push(
          ...(k === "平日" || k === "weekdays"
            ? [1, 2, 3, 4, 5]
            : k === "土日" || k === "weekends"
              ? [6, 7]
              : EVERY_DAY),
        );
      }
      break;
    }
    if (!matched)
      return {
        ok: false,
        message: `cannot read "${text.slice(at, at + 12)}" (write e.g. 月-金 08:30-17:00; 土 08:30-12:00)`,
      };
  }
  if (days !== null && !daysUsed)
    return { ok: false, message: "names weekdays without a time range after them" };
  return { ok: true, value: out.map((w) => ({ ...w, days: [...new Set(w.days)].sort((a, b) => a - b) })) };
}

/** Weekly windows from a cell. A range without weekdays is every day. */
export function parseWeekly(cell: string): Parsed<WeeklyWindow[]> {
  const out: WeeklyWindow[] = [];
  for (const segment of scheduleText(cell).split(";")) {
    const r = readWindows(segment.trim(), true);
    if (!r.ok) return r;
    out.push(...r.value);
  }
  return { ok: true, value: out };
}

function formatDays(days: readonly number[]): string {
  const d = [...days].sort((a, b) => a - b);
  if (d.length === 7) return "毎日";
  const run = d.length >= 3 && d.every((x, i) => i === 0 || x === (d[i - 1] as number) + 1);
  const label = (x: number) => DAY_LABELS[x - 1] as string;
  return run ? `${label(d[0] as number)}-${label(d[d.length - 1] as number)}` : d.map(label).join("・");
}

/** Weekly windows as one cell, e.g. "月-金 08:30-12:00; 土 08:30-12:00". */
export function formatWeekly(windows: readonly WeeklyWindow[]): string {
  return windows.map((w) => `${formatDays(w.days)} ${w.from}-${w.to}`).join("; ");
}

const DAY_OFF = /^(なし|無し|休み?|運休|休業|終日不可|不可|none|off|closed)$/i;

/** Dated changes from a cell: "2026-06-01 なし (車検); 2026/6/2 10:00-12:00". */
export function parseExceptions(cell: string): Parsed<AvailabilityException[]> {
  const out: AvailabilityException[] = [];
  for (const raw of scheduleText(cell).split(";")) {
    const segment = raw.trim();
    if (segment === "") continue;
    const m =
      /^(?:(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|令和(元|\d{1,2})年(\d{1,2})月(\d{1,2})日)\s*(.*)$/.exec(
        segment,
      );
    if (!m)
      return { ok: false, message: `"${segment.slice(0, 20)}" does not start with a date (YYYY-MM-DD)` };
    const year = m[1] !== undefined ? Number(m[1]) : 2018 + (m[4] === "元" ? 1 : Number(m[4]));
    const month = Number(m[2] ?? m[5]);
    const day = Number(m[3] ?? m[6]);
    const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    let rest = (m[7] as string).trim();
    const noted = /^(.*?)\s*\((.*)\)$/.exec(rest);
    const note = noted ? (noted[2] as string).trim() : "";
    if (noted) rest = (noted[1] as string).trim();
    let windows: { from: string; to: string }[];
    if (DAY_OFF.test(rest) || rest === "") windows = [];
    else {
      const r = readWindows(rest, false);
      if (!r.ok) return r;
      windows = r.value.map(({ from, to }) => ({ from, to }));
    }
    out.push(note === "" ? { date, windows } : { date, windows, note });
  }
  return { ok: true, value: out };
}

/** Dated changes as one cell, e.g. "2026-06-01 なし (車検); 2026-06-02 10:00-12:00". */
export function formatExceptions(exceptions: readonly AvailabilityException[]): string {
  return exceptions
    .map((e) => {
      const hours = e.windows.length === 0 ? "なし" : e.windows.map((w) => `${w.from}-${w.to}`).join(", ");
      return `${e.date} ${hours}${e.note ? ` (${e.note})` : ""}`;
    })
    .join("; ");
}
