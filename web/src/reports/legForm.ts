import type { EffectsLeg, EffectsWaitingRequest } from "@tsunagu/contract";

/*
 * The calculator form's state and its conversions, kept free of Solid so they
 * can be tested alone: what a method needs (which inputs the page shows),
 * drafts (what the user typed, as text) → request bodies, and the API's
 * problem+json field paths → per-field errors.
 */

export type Mode = EffectsLeg["mode"];
export type Method = EffectsLeg["method"];
export type Side = "before" | "after";

export const MODES: readonly Mode[] = [
  "truck",
  "trailer",
  "van",
  "rail",
  "ship",
  "air",
  "bus",
  "car",
  "drone",
];
export const METHODS: readonly Method[] = [
  "improved-ton-km",
  "conventional-ton-km",
  "fuel-economy",
  "fuel",
  "electricity",
];

/** The numeric inputs of a leg. */
export type NumericField = {
  [K in keyof EffectsLeg]-?: NonNullable<EffectsLeg[K]> extends number ? K : never;
}[keyof EffectsLeg];

/** One input the form shows for a method, and whether the method can do without it. */
export interface FieldSpec {
  field: NumericField;
  optional: boolean;
}

const ROAD: readonly Mode[] = ["truck", "trailer", "van"];

/**
 * The inputs a leg's method needs, in the order the form shows them (the
 * engine's rules, @tsunagu/effects validateLeg). Labour (runs, hours per run)
 * comes last on every method; runs are required where the method multiplies by them.
 */
export function fieldsFor(method: Method, mode: Mode): FieldSpec[] {
  const need = (field: NumericField): FieldSpec => ({ field, optional: false });
  const may = (field: NumericField): FieldSpec => ({ field, optional: true });
  switch (method) {
    case "fuel":
      return [need("fuelLitresPerYear"), may("runsPerYear"), may("hoursPerRun")];
    case "fuel-economy":
      return [need("distanceKm"), need("kmPerLitre"), need("runsPerYear"), may("hoursPerRun")];
    case "improved-ton-km":
      return [
        need("distanceKm"),
        need("tonsPerYear"),
        need("payloadKg"),
        may("loadingRatePct"),
        may("unitLPerTkm"),
        may("runsPerYear"),
        may("hoursPerRun"),
      ];
    case "conventional-ton-km":
      return [
        need("distanceKm"),
        need("tonsPerYear"),
        // Only trucks and vans pick their table factor by payload class.
        ...(mode === "truck" || mode === "van" ? [need("payloadKg")] : []),
        may("gCO2PerTkm"),
        may("runsPerYear"),
        may("hoursPerRun"),
      ];
    case "electricity":
      return [
        need("distanceKm"),
        need("kWhPerKm"),
        need("runsPerYear"),
        may("tCO2PerKWh"),
        may("hoursPerRun"),
      ];
  }
}

/** Fuel-based methods ask for diesel or gasoline. */
export const needsFuel = (method: Method) =>
  method === "fuel" || method === "fuel-economy" || method === "improved-ton-km";
/** The table methods pick factors by 自家用 / 営業用. */
export const needsUse = (method: Method) => method === "improved-ton-km" || method === "conventional-ton-km";

/** A default method for a mode: the table method that mode can use without extra inputs. */
export const defaultMethodFor = (mode: Mode): Method =>
  ROAD.includes(mode) ? "improved-ton-km" : mode === "drone" ? "electricity" : "conventional-ton-km";

/** One leg as typed: every number as the text in its input. */
export interface LegDraft {
  /** Stable per draft, for element ids; never sent. */
  key: number;
  label: string;
  from: string;
  to: string;
  mode: Mode;
  method: Method;
  fuel: "diesel" | "gasoline";
  use: "commercial" | "private";
  values: Partial<Record<NumericField, string>>;
}

let nextKey = 1;

/** ①, ②, … ⑳ as the application numbers its legs; past 20, (21), (22), … */
export function legNumber(n: number): string {
  return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`;
}

export function emptyLeg(label = ""): LegDraft {
  return {
    key: nextKey++,
    label,
    from: "",
    to: "",
    mode: "truck",
    method: "improved-ton-km",
    fuel: "diesel",
    use: "commercial",
    values: {},
  };
}

/** A leg from the API (e.g. the worked example) as a draft. */
export function legToDraft(leg: EffectsLeg): LegDraft {
  const values: LegDraft["values"] = {};
  for (const { field } of fieldsFor(leg.method, leg.mode)) {
    const value = leg[field];
    if (value !== undefined) values[field] = String(value);
  }
  return {
    key: nextKey++,
    label: leg.label,
    from: leg.from ?? "",
    to: leg.to ?? "",
    mode: leg.mode,
    method: leg.method,
    fuel: leg.fuel === "gasoline" ? "gasoline" : "diesel",
    use: leg.use === "private" ? "private" : "commercial",
    values,
  };
}

/**
 * Text → number as people type it: full-width digits (１２３), thousands
 * commas and spaces are accepted. Empty → undefined; anything else → NaN.
 */
export function parseNumber(text: string | undefined): number | undefined {
  const cleaned = (text ?? "").normalize("NFKC").replace(/[,\s]/g, "");
  if (cleaned === "") return undefined;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** What is wrong with one field, as a kind the page turns into a message in the reader's language. */
export type FieldError =
  | { kind: "required" }
  | { kind: "number" }
  | { kind: "range"; min: number; exclusiveMin: boolean; max: number | null }
  | { kind: "invalid"; message: string };

/** Errors by path without the `body.` prefix, e.g. `before.1.tonsPerYear`. */
export type FieldErrors = Record<string, FieldError>;

/**
 * The request body for the drafts, or the fields whose text is not a number
 * (checked here because a number input's text never reaches the API). Only
 * the inputs the leg's method shows are sent, so a value left in a hidden
 * field of another method cannot change the result.
 */
export function toLegsRequest(
  drafts: Record<Side, readonly LegDraft[]>,
):
  | { status: "ok"; body: { before: EffectsLeg[]; after: EffectsLeg[] } }
  | { status: "invalid"; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const body = { before: [] as EffectsLeg[], after: [] as EffectsLeg[] };
  for (const side of ["before", "after"] as const) {
    drafts[side].forEach((draft, index) => {
      const leg: EffectsLeg = { label: draft.label.trim(), mode: draft.mode, method: draft.method };
      // The API rejects a nameless leg before it looks at the rest; say so here, next to the input.
      if (!leg.label) errors[`${side}.${index}.label`] = { kind: "required" };
      if (draft.from.trim()) leg.from = draft.from.trim();
      if (draft.to.trim()) leg.to = draft.to.trim();
      if (needsFuel(draft.method)) leg.fuel = draft.fuel;
      if (needsUse(draft.method)) leg.use = draft.use;
      for (const { field } of fieldsFor(draft.method, draft.mode)) {
        const value = parseNumber(draft.values[field]);
        if (value === undefined) continue;
        if (Number.isNaN(value)) errors[`${side}.${index}.${field}`] = { kind: "number" };
        else leg[field] = value;
      }
      body[side].push(leg);
    });
  }
  return Object.keys(errors).length > 0 ? { status: "invalid", errors } : { status: "ok", body };
}

/**
 * problem+json `errors` → field errors keyed like the form. The engine's
 * messages are English sentences; the page needs the kind and the range, so
 * they are read from the stable parts ("is required", "must be a finite
 * number ≥ 0 and ≤ 100"); anything else is kept as it came.
 */
export function problemToFieldErrors(
  problems: ReadonlyArray<{ path: string; message: string }>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const path = problem.path.replace(/^body\./, "");
    if (errors[path]) continue;
    const range = /must be a finite number ([>≥]) (-?[\d.]+)(?: and ≤ (-?[\d.]+))?/.exec(problem.message);
    if (range) {
      errors[path] = {
        kind: "range",
        exclusiveMin: range[1] === ">",
        min: Number(range[2]),
        max: range[3] === undefined ? null : Number(range[3]),
      };
    } else if (/is required|expected string to have >=1 characters/.test(problem.message)) {
      errors[path] = { kind: "required" };
    } else if (/expected number/i.test(problem.message)) errors[path] = { kind: "number" };
    else errors[path] = { kind: "invalid", message: problem.message };
  }
  return errors;
}

/** One 荷待ち site as typed. */
export interface SiteDraft {
  key: number;
  site: string;
  trucksPerDay: string;
  operatingDays: string;
  waitingSharePct: string;
  avgWaitHours: string;
}

export const SITE_FIELDS = ["trucksPerDay", "operatingDays", "waitingSharePct", "avgWaitHours"] as const;
export const AFTER_FIELDS = ["trucksPerDay", "operatingDays", "waitingSharePct"] as const;

export interface WaitingDraft {
  sites: SiteDraft[];
  targetCutPct: string;
  after: Record<(typeof AFTER_FIELDS)[number], string>;
}

export function emptySite(): SiteDraft {
  return {
    key: nextKey++,
    site: "",
    trucksPerDay: "",
    operatingDays: "",
    waitingSharePct: "",
    avgWaitHours: "",
  };
}

export function emptyWaiting(): WaitingDraft {
  return {
    sites: [emptySite()],
    targetCutPct: "",
    after: { trucksPerDay: "", operatingDays: "", waitingSharePct: "" },
  };
}

export function waitingToDraft(input: EffectsWaitingRequest): WaitingDraft {
  return {
    sites: input.before.map((s) => ({
      key: nextKey++,
      site: s.site,
      trucksPerDay: String(s.trucksPerDay),
      operatingDays: String(s.operatingDays),
      waitingSharePct: String(s.waitingSharePct),
      avgWaitHours: String(s.avgWaitHours),
    })),
    targetCutPct: String(input.targetCutPct),
    after: {
      trucksPerDay: String(input.after.trucksPerDay),
      operatingDays: String(input.after.operatingDays),
      waitingSharePct: String(input.after.waitingSharePct),
    },
  };
}

/** The 荷待ち request, or the fields that are empty or not numbers (every field of this form is required). */
export function toWaitingRequest(
  draft: WaitingDraft,
): { status: "ok"; body: EffectsWaitingRequest } | { status: "invalid"; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read = (path: string, text: string): number => {
    const value = parseNumber(text);
    if (value === undefined) errors[path] = { kind: "required" };
    else if (Number.isNaN(value)) errors[path] = { kind: "number" };
    return value ?? Number.NaN;
  };
  const before = draft.sites.map((s, i) => {
    if (!s.site.trim()) errors[`before.${i}.site`] = { kind: "required" };
    return {
      site: s.site.trim(),
      trucksPerDay: read(`before.${i}.trucksPerDay`, s.trucksPerDay),
      operatingDays: read(`before.${i}.operatingDays`, s.operatingDays),
      waitingSharePct: read(`before.${i}.waitingSharePct`, s.waitingSharePct),
      avgWaitHours: read(`before.${i}.avgWaitHours`, s.avgWaitHours),
    };
  });
  const body: EffectsWaitingRequest = {
    before,
    targetCutPct: read("targetCutPct", draft.targetCutPct),
    after: {
      trucksPerDay: read("after.trucksPerDay", draft.after.trucksPerDay),
      operatingDays: read("after.operatingDays", draft.after.operatingDays),
      waitingSharePct: read("after.waitingSharePct", draft.after.waitingSharePct),
    },
  };
  return Object.keys(errors).length > 0 ? { status: "invalid", errors } : { status: "ok", body };
}

/** The waiting engine's range messages ("must be a number from 0 to 100"). */
export function waitingProblemToFieldErrors(
  problems: ReadonlyArray<{ path: string; message: string }>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const path = problem.path.replace(/^body\./, "");
    const range = /from (-?[\d.]+) to (-?[\d.]+|∞)/.exec(problem.message);
    if (range) {
      errors[path] = {
        kind: "range",
        min: Number(range[1]),
        exclusiveMin: false,
        max: range[2] === "∞" ? null : Number(range[2]),
      };
    } else if (/is required|must list/.test(problem.message)) errors[path] = { kind: "required" };
    else errors[path] = { kind: "invalid", message: problem.message };
  }
  return errors;
}
