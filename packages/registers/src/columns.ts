/**
 * The four registers' columns: the Japanese header written on export, the
 * headers accepted on import (Japanese variants and the contract's English
 * field names), how a cell is read and how a value is written back.
 */
import {
  DriverInputSchema,
  PlaceInputSchema,
  ResidentInputSchema,
  VehicleInputSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { normaliseCell, normaliseHeader, normaliseName, normaliseNumberish } from "./normalise";
import { formatExceptions, formatWeekly, type Parsed, parseExceptions, parseWeekly } from "./schedule";

/** 要介護度 as a register states it; null when not certified (自立) or not given. */
export const CareLevelSchema = z.enum([
  "support_1",
  "support_2",
  "care_1",
  "care_2",
  "care_3",
  "care_4",
  "care_5",
]);
export type CareLevel = z.infer<typeof CareLevelSchema>;

/** A resident row: the contract's resident input plus the 要介護度 a register may carry. */
export const ResidentRegisterSchema = ResidentInputSchema.extend({
  careLevel: CareLevelSchema.nullable().default(null),
});

export const REGISTER_SCHEMAS = {
  places: PlaceInputSchema,
  vehicles: VehicleInputSchema,
  drivers: DriverInputSchema,
  residents: ResidentRegisterSchema,
} as const;

export type RegisterKind = keyof typeof REGISTER_SCHEMAS;
export const REGISTER_KINDS = Object.keys(REGISTER_SCHEMAS) as RegisterKind[];

/** One row's value, as the contract's input schema outputs it (defaults filled in). */
export type RegisterValue<K extends RegisterKind> = z.output<(typeof REGISTER_SCHEMAS)[K]>;

/** A cell as written: text, or a number that XLSX keeps numeric. */
export type CellValue = string | number;

export interface Column {
  /** The contract's field name; also accepted as a header. */
  key: string;
  /** Japanese header written on export. */
  header: string;
  /** Other headers accepted on import. */
  aliases: readonly string[];
  /** Where the value goes in the input object (["home", "lat"] for a resident's latitude). */
  path: readonly string[];
  /** The column must be in the file (the schema has no default for it). */
  required: boolean;
  /** Read a non-blank cell. */
  read(cell: string): Parsed<unknown>;
  /** Write a value (never called with undefined or null: those are blank). */
  write(value: unknown): CellValue;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

/** Labels of an enum's values: the first is written on export; the English value is accepted too. */
function vocabulary<T extends string>(labels: Record<T, readonly string[]>) {
  const byLabel = new Map<string, T>();
  for (const [value, list] of Object.entries(labels) as [T, readonly string[]][])
    for (const label of [value, ...list]) byLabel.set(normaliseHeader(label), value);
  const shown = (Object.values(labels) as (readonly string[])[]).map((l) => l[0]).join("、");
  return {
    read: (cell: string): Parsed<T> => {
      const v = byLabel.get(normaliseHeader(cell));
      return v === undefined ? bad(`is not one of ${shown}`) : ok(v);
    },
    write: (value: unknown) => (labels[value as T]?.[0] ?? String(value)) as string,
  };
}

const PLACE_KINDS = vocabulary({
  hospital: ["病院"],
  clinic: ["診療所", "クリニック", "医院", "歯科", "歯科医院", "歯科診療所"],
  pharmacy: ["薬局", "調剤薬局", "ドラッグストア"],
  supermarket: ["スーパー", "スーパーマーケット"],
  shop: ["商店", "店舗", "コンビニ", "コンビニエンスストア"],
  town_hall: ["役場", "役所", "市役所", "町役場", "村役場", "区役所", "支所", "出張所"],
  care_facility: [
    "介護施設",
    "老人ホーム",
    "特別養護老人ホーム",
    "特養",
    "介護老人保健施設",
    "老健",
    "グループホーム",
  ],
  day_care: ["デイサービス", "通所介護", "デイケア", "通所リハビリテーション"],
  school: ["学校", "小学校", "中学校", "高校", "高等学校", "義務教育学校"],
  post_office: ["郵便局"],
  bank: ["銀行", "金融機関", "信用金庫", "農協", "JA"],
  station: ["駅", "鉄道駅", "バスターミナル"],
  community_centre: ["公民館", "集会所", "コミュニティセンター", "地区センター", "交流センター"],
  social_welfare_council: ["社会福祉協議会", "社協"],
  hub: ["配送拠点", "物流拠点"],
  drone_port: ["ドローンポート", "ドローン発着場"],
  other: ["その他"],
});
const VEHICLE_KINDS = vocabulary({
  car: ["乗用車", "普通車", "軽自動車", "セダン"],
  van: ["ワゴン", "ワンボックス", "バン"],
  wheelchair_van: ["福祉車両", "車いす車", "車椅子車", "車いす対応車", "リフト車", "スロープ車"],
  minibus: ["マイクロバス", "ミニバス"],
  route_bus: ["路線バス", "バス"],
  school_bus: ["スクールバス"],
  truck: ["トラック", "貨物車", "軽トラック"],
  drone: ["ドローン"],
});
const FEATURES = vocabulary({
  lift: ["リフト"],
  ramp: ["スロープ"],
  cold_box: ["保冷箱", "保冷庫", "冷蔵"],
  child_seat: ["チャイルドシート"],
  stretcher: ["ストレッチャー"],
});
const FUELS = vocabulary({
  petrol: ["ガソリン", "レギュラー", "ハイオク"],
  diesel: ["軽油", "ディーゼル"],
  hybrid: ["ハイブリッド", "HV"],
  electric: ["電気", "EV", "電気自動車"],
  lpg: ["LPG", "LPガス"],
  battery: ["バッテリー", "電池"],
});
const DRIVER_KINDS = vocabulary({
  staff: ["職員", "スタッフ", "運転手", "正職員"],
  volunteer: ["ボランティア"],
});
const CARE_LEVELS = vocabulary<CareLevel | "none">({
  support_1: ["要支援1"],
  support_2: ["要支援2"],
  care_1: ["要介護1"],
  care_2: ["要介護2"],
  care_3: ["要介護3"],
  care_4: ["要介護4"],
  care_5: ["要介護5"],
  none: ["なし", "自立", "非該当"],
});

const TRUE = new Set([
  "はい",
  "○",
  "〇",
  "◯",
  "有",
  "あり",
  "要",
  "必要",
  "可",
  "yes",
  "y",
  "true",
  "1",
  "✓",
]);
const FALSE = new Set(["いいえ", "×", "✕", "無", "なし", "不要", "否", "no", "n", "false", "0"]);

function column(
  key: string,
  header: string,
  aliases: readonly string[],
  read: Column["read"],
  write: Column["write"] = (v) => String(v),
  options: { path?: readonly string[]; required?: boolean } = {},
): Column {
  return {
    key,
    header,
    aliases,
    path: options.path ?? [key],
    required: options.required ?? false,
    read,
    write,
  };
}

/** A name or free text: as written (no NFKC), trimmed. */
const text = (cell: string) => ok(normaliseName(cell));
/** Free text where 全角 digits and dashes are normalised: addresses. */
const address = (cell: string) => ok(normaliseNumberish(cell));
const identifier = (cell: string) => ok(normaliseCell(cell));

function numeric(integer: boolean) {
  return (cell: string): Parsed<number> => {
    // "1,200" (a thousands comma Excel adds) is 1200; units are in the header, not the cell.
    const s = normaliseNumberish(cell).replace(/(?<=\d),(?=\d{3}(\D|$))/g, "");
    if (!/^-?\d+(\.\d+)?$/.test(s)) return bad(integer ? "must be a whole number" : "must be a number");
    const n = Number(s);
    return integer && !Number.isInteger(n) ? bad("must be a whole number") : ok(n);
  };
}
const number = numeric(false);
const integer = numeric(true);

const bool = (cell: string): Parsed<boolean> => {
  const s = normaliseHeader(cell);
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return bad("must be はい or いいえ");
};
const writeBool = (v: unknown) => (v ? "はい" : "いいえ");

/** A list in one cell, split on commas, 、, ・ or spaces. */
function list<T>(item: (s: string) => Parsed<T>) {
  return (cell: string): Parsed<T[]> => {
    const out: T[] = [];
    for (const part of normaliseCell(cell).split(/[\s,、・;]+/)) {
      if (part === "") continue;
      const r = item(part);
      if (!r.ok) return bad(`"${part}" ${r.message}`);
      out.push(r.value);
    }
    return ok(out);
  };
}
const writeList =
  (each: (v: unknown) => string) =>
  (v: unknown): string =>
    (v as unknown[]).map(each).join("、");

/** 生年: 1948, 1948年, 昭和23, S23, 昭和23年5月1日, 1948-05-01 → 1948. */
function birthYear(cell: string): Parsed<number> {
  const s = normaliseNumberish(cell).replace(/\s/g, "");
  const western = /^(\d{4})(?:年|[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)?$/.exec(s);
  if (western) return ok(Number(western[1]));
  const era = /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})(?:年(?:\d{1,2}月\d{1,2}日)?)?$/i.exec(s);
  if (!era) return bad("must be a year (1948, 昭和23 …)");
  const start: Record<string, number> = {
    明治: 1867,
    M: 1867,
    大正: 1911,
    T: 1911,
    昭和: 1925,
    S: 1925,
    平成: 1988,
    H: 1988,
    令和: 2018,
    R: 2018,
  };
  const n = era[2] === "元" ? 1 : Number(era[2]);
  return ok((start[(era[1] as string).toUpperCase()] as number) + n);
}

const id = column("id", "ID", ["番号", "管理番号"], identifier);
const organisationId = column("organisationId", "所属ID", ["組織ID", "運営者ID", "所属"], identifier);
const lat = (path?: readonly string[]) =>
  column("lat", "緯度", ["latitude", "y"], number, Number, { path, required: true });
const lon = (path?: readonly string[]) =>
  column("lon", "経度", ["longitude", "lng", "x"], number, Number, { path, required: true });
const weekly = (header: string, aliases: readonly string[], path: readonly string[], key: string) =>
  column(key, header, aliases, parseWeekly, (v) => formatWeekly(v as Parameters<typeof formatWeekly>[0]), {
    path,
  });
const exceptions = column(
  "availabilityExceptions",
  "日付ごとの変更",
  ["運休日", "休み", "休日", "例外", "exceptions"],
  parseExceptions,
  (v) => formatExceptions(v as Parameters<typeof formatExceptions>[0]),
  { path: ["availability", "exceptions"] },
);

/** Columns of each register, in export order. The first is always the ID, which is not part of the value. */
export const REGISTER_COLUMNS: Record<RegisterKind, readonly Column[]> = {
  places: [
    id,
    column("kind", "種別", ["施設種別", "種類", "区分", "分類"], PLACE_KINDS.read, PLACE_KINDS.write, {
      required: true,
    }),
    column("name", "名称", ["施設名", "施設名称", "名前"], text, String, { required: true }),
    column("nameEn", "英語名称", ["英語名", "名称(英語)"], text),
    lat(),
    lon(),
    column("address", "住所", ["所在地"], address),
    weekly("受付時間", ["営業時間", "診療時間", "開館時間", "受付"], ["hours"], "hours"),
    organisationId,
  ],
  vehicles: [
    id,
    column("kind", "種別", ["車種", "区分"], VEHICLE_KINDS.read, VEHICLE_KINDS.write, { required: true }),
    column("name", "名称", ["車両名", "車名", "名前"], text, String, { required: true }),
    organisationId,
    column("seats", "座席数", ["定員", "乗車定員", "座席"], integer, Number),
    column("wheelchairs", "車いす席", ["車いす", "車椅子", "車椅子席"], integer, Number),
    column("cargoKg", "積載量(kg)", ["積載量", "荷物(kg)"], number, Number),
    column("cargoLitres", "荷室容量(L)", ["荷室容量", "荷室(l)"], number, Number),
    column("features", "装備", ["設備"], list(FEATURES.read), writeList(FEATURES.write)),
    column("fuel", "燃料", ["燃料種別"], FUELS.read, FUELS.write, { required: true }),
    column("kmPerLitre", "燃費(km/L)", ["燃費"], number, Number),
    column("kWhPerKm", "電費(kWh/km)", ["電費"], number, Number),
    column("payloadKg", "最大積載量(kg)", ["最大積載量", "ペイロード"], number, Number),
    column("depotPlaceId", "車庫の場所ID", ["車庫ID", "車庫"], identifier),
    weekly(
      "運行可能時間",
      ["空き時間", "利用可能時間", "availability"],
      ["availability", "weekly"],
      "weeklyAvailability",
    ),
    exceptions,
  ],
  drivers: [
    id,
    column("kind", "種別", ["区分"], DRIVER_KINDS.read, DRIVER_KINDS.write, { required: true }),
    column("name", "氏名", ["名前", "名称"], text, String, { required: true }),
    column("nameKana", "ふりがな", ["フリガナ", "よみがな", "読み", "カナ"], text),
    organisationId,
    column("vehicleIds", "運転できる車両ID", ["車両ID"], list(identifier), writeList(String)),
    weekly("運転可能時間", ["勤務時間", "availability"], ["availability", "weekly"], "weeklyAvailability"),
    exceptions,
  ],
  residents: [
    id,
    column("name", "氏名", ["名前"], text, String, { required: true }),
    column("nameKana", "ふりがな", ["フリガナ", "よみがな", "読み", "カナ"], text),
    lat(["home", "lat"]),
    lon(["home", "lon"]),
    column("address", "住所", ["所在地", "自宅住所"], address),
    column("phone", "電話番号", ["電話", "tel", "連絡先"], (c) => ok(normaliseNumberish(c))),
    column("birthYear", "生年", ["生まれ年", "生年月日", "誕生年"], birthYear, Number),
    column("wheelchair", "車いす", ["車椅子", "車いす利用"], bool, writeBool),
    column("escort", "付き添い", ["付添い", "付添", "同伴者", "介助者"], bool, writeBool),
    column("maxWalkM", "歩ける距離(m)", ["歩ける距離", "歩行可能距離"], integer, Number),
    column(
      "careLevel",
      "要介護度",
      ["介護度", "要介護認定"],
      (c) => {
        const r = CARE_LEVELS.read(c);
        return r.ok && r.value === "none" ? ok(null) : r;
      },
      CARE_LEVELS.write,
    ),
    column("consent", "同意", ["個人情報同意", "同意の有無", "利用同意"], bool, writeBool, {
      required: true,
    }),
  ],
};
