import { z } from "zod";
import { EmailSchema } from "./auth";
import { describedRules } from "./documented";
import { FeatureCollectionSchema, FeatureSchema } from "./geojson";

/**
 * 全国地方公共団体コード (local government code): 2 digits of prefecture, 3 of
 * municipality and a check digit (JIS X 0401 style). Data sets differ on the
 * last digit: 国土数値情報 N03 and e-Stat key municipalities by the 5-digit
 * form, the 総務省 list and this product by the 6-digit one.
 */

/** The 47 prefectures by their JIS X 0401 code ("01" 北海道 … "47" 沖縄県). */
export const PREFECTURES: Readonly<Record<string, string>> = {
  "01": "北海道",
  "02": "青森県",
  "03": "岩手県",
  "04": "宮城県",
  "05": "秋田県",
  "06": "山形県",
  "07": "福島県",
  "08": "茨城県",
  "09": "栃木県",
  "10": "群馬県",
  "11": "埼玉県",
  "12": "千葉県",
  "13": "東京都",
  "14": "神奈川県",
  "15": "新潟県",
  "16": "富山県",
  "17": "石川県",
  "18": "福井県",
  "19": "山梨県",
  "20": "長野県",
  "21": "岐阜県",
  "22": "静岡県",
  "23": "愛知県",
  "24": "三重県",
  "25": "滋賀県",
  "26": "京都府",
  "27": "大阪府",
  "28": "兵庫県",
  "29": "奈良県",
  "30": "和歌山県",
  "31": "鳥取県",
  "32": "島根県",
  "33": "岡山県",
  "34": "広島県",
  "35": "山口県",
  "36": "徳島県",
  "37": "香川県",
  "38": "愛媛県",
  "39": "高知県",
  "40": "福岡県",
  "41": "佐賀県",
  "42": "長崎県",
  "43": "熊本県",
  "44": "大分県",
  "45": "宮崎県",
  "46": "鹿児島県",
  "47": "沖縄県",
};

/**
 * Prefecture part "99" belongs to no prefecture: codes under it can never be
 * real, so the fictional demo town (990019) and test towns use it.
 */
export const FICTIONAL_PREFECTURE_CODE = "99";

/**
 * The check digit of a 5-digit code: digits weighted 6, 5, 4, 3, 2, summed,
 * r = sum mod 11, check = (11 − r) mod 10 (so r = 0 and r = 10 both give 1).
 * Throws on anything but 5 ASCII digits: callers validate first.
 */
export function checkDigitOf(code5: string): number {
  if (!/^\d{5}$/.test(code5)) throw new RangeError(`a check digit needs 5 digits, got "${code5}"`);
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Number(code5[i]) * (6 - i);
  return (11 - (sum % 11)) % 10;
}

/** The 6-digit code of a 5-digit one ("19442" → "194425"). */
export function withCheckDigit(code5: string): string {
  return `${code5}${checkDigitOf(code5)}`;
}

/** Whether a 6-digit string ends with the check digit of its first five. */
export function hasValidCheckDigit(code6: string): boolean {
  return /^\d{6}$/.test(code6) && Number(code6[5]) === checkDigitOf(code6.slice(0, 5));
}

export type MunicipalityCodeProblemCode =
  | "MUNICIPALITY_CODE_FORMAT"
  | "MUNICIPALITY_CODE_CHECK_DIGIT"
  | "MUNICIPALITY_CODE_PREFECTURE";

export interface MunicipalityCodeProblem {
  code: MunicipalityCodeProblemCode;
  message: string;
  /** For a wrong check digit: the code with the right one. */
  expected?: string;
}

export type MunicipalityCodeResult =
  | {
      ok: true;
      /** The 6-digit code, as this product keys municipalities. */
      code: string;
      /** The 5-digit form, as N03 (N03_007) and e-Stat key them. */
      code5: string;
      /** The prefecture name, or null for the fictional prefecture 99. */
      prefecture: string | null;
    }
  | { ok: false; problem: MunicipalityCodeProblem };

/**
 * Read a code as people type it: 6 digits with a correct check digit, or 5
 * digits (the check digit is computed). Full-width digits and surrounding
 * spaces are accepted. A wrong check digit is refused with the one expected,
 * since it almost always means a mistyped digit elsewhere. The prefecture part
 * must be 01–47, or 99 (fictional towns, see FICTIONAL_PREFECTURE_CODE).
 */
export function parseMunicipalityCode(input: string): MunicipalityCodeResult {
  const s = input.normalize("NFKC").trim();
  if (!/^\d{5}(\d)?$/.test(s))
    return {
      ok: false,
      problem: {
        code: "MUNICIPALITY_CODE_FORMAT",
        message: `must be the 全国地方公共団体コード: 6 digits, or 5 without the check digit (got "${input}")`,
      },
    };
  const code5 = s.slice(0, 5);
  const code = withCheckDigit(code5);
  if (s.length === 6 && s !== code)
    return {
      ok: false,
      problem: {
        code: "MUNICIPALITY_CODE_CHECK_DIGIT",
        message: `check digit of ${s} is wrong: ${code5} ends in ${code[5]} (${code}); is a digit mistyped?`,
        expected: code,
      },
    };
  const pref = code5.slice(0, 2);
  const prefecture = PREFECTURES[pref];
  if (prefecture === undefined && pref !== FICTIONAL_PREFECTURE_CODE)
    return {
      ok: false,
      problem: {
        code: "MUNICIPALITY_CODE_PREFECTURE",
        message: `${s} starts with ${pref}, which is no prefecture (01–47)`,
      },
    };
  return { ok: true, code, code5, prefecture: prefecture ?? null };
}

/** 6-digit 全国地方公共団体コード (5 digits + check digit), as stored and used in paths. */
export const MunicipalityCodeSchema = z
  .string()
  .regex(/^\d{6}$/, "must be the 6-digit 全国地方公共団体コード")
  .refine(hasValidCheckDigit, {
    message: "has a wrong check digit (the 6th digit of a 全国地方公共団体コード checks the first five)",
    params: { code: "check_digit" },
  })
  .meta({ example: "194425" });

/**
 * A code as a user enters it (forms, the CLI): 6 digits or 5, full-width
 * digits accepted; the output is always the 6-digit code. Issues carry
 * `params.code` (format, check_digit, prefecture) and, for a wrong check
 * digit, `params.expected`.
 */
export const MunicipalityCodeInputSchema = z
  .string()
  .transform((value, ctx) => {
    const r = parseMunicipalityCode(value);
    if (r.ok) return r.code;
    const code = {
      MUNICIPALITY_CODE_FORMAT: "format",
      MUNICIPALITY_CODE_CHECK_DIGIT: "check_digit",
      MUNICIPALITY_CODE_PREFECTURE: "prefecture",
    }[r.problem.code];
    ctx.addIssue({
      code: "custom",
      message: r.problem.message,
      params: r.problem.expected === undefined ? { code } : { code, expected: r.problem.expected },
    });
    return z.NEVER;
  })
  .meta({
    example: "19442",
    ...describedRules(
      "The 全国地方公共団体コード: 5 digits, or 6 whose last is the check digit of the first five; full-width digits are accepted.",
      ["format", "check_digit", "prefecture"],
    ),
  });

export const MunicipalitySchema = z.object({
  code: MunicipalityCodeSchema,
  name: z.string(),
  nameKana: z.string().nullable(),
  nameEn: z.string().nullable(),
  prefecture: z.string(),
  fictional: z.boolean(),
  centre: z.object({ lat: z.number(), lon: z.number() }),
});
export type Municipality = z.infer<typeof MunicipalitySchema>;

export const MunicipalityPresetSchema = z.enum(["rural", "urban"]).meta({
  description: "Planning defaults: rural (sparse demand, longer rides) or urban.",
});

/**
 * The platform operator's new municipality. Name and prefecture come from the
 * N03 boundary when one is uploaded (multipart); otherwise they and the map
 * centre are given here.
 */
export const MunicipalityCreateSchema = z
  .object({
    code: MunicipalityCodeInputSchema,
    name: z.string().trim().min(1).max(100).optional(),
    nameKana: z.string().trim().min(1).max(100).optional(),
    prefecture: z.string().trim().min(1).max(10).optional(),
    centreLat: z.coerce.number().min(20).max(46).optional(),
    centreLon: z.coerce.number().min(122).max(154).optional(),
    preset: MunicipalityPresetSchema.default("rural"),
    /** The first admin (municipal_staff), invited by mail to this address. */
    adminEmail: EmailSchema,
    adminDisplayName: z.string().trim().min(1).max(100).optional(),
  })
  .meta({ id: "MunicipalityCreate" });

/** A municipality as the platform operator manages it: no residents' data, only the admin's invitation state. */
export const ManagedMunicipalitySchema = MunicipalitySchema.extend({
  preset: MunicipalityPresetSchema,
  archivedAt: z.string().nullable(),
  hasBoundary: z.boolean(),
  createdAt: z.string(),
  /** The first admin: invited (link not yet used) or active. */
  admin: z.object({ id: z.string(), email: z.string(), state: z.enum(["invited", "active"]) }).nullable(),
}).meta({ id: "ManagedMunicipality" });
export type ManagedMunicipality = z.infer<typeof ManagedMunicipalitySchema>;

export const MapLayersSchema = z.object({
  municipality: MunicipalitySchema,
  boundary: FeatureSchema.nullable(),
  places: FeatureCollectionSchema,
  stops: FeatureCollectionSchema,
  routes: FeatureCollectionSchema,
  dronePorts: FeatureCollectionSchema,
  droneRoutes: FeatureCollectionSchema,
  hubs: FeatureCollectionSchema,
});
export type MapLayers = z.infer<typeof MapLayersSchema>;

/** Base-map settings the web app needs; from server config. */
export const MapConfigSchema = z.object({
  tileUrl: z.string(),
  tileAttribution: z.string(),
});
export type MapConfig = z.infer<typeof MapConfigSchema>;
