/**
 * Name lists for fictional people and places. Family names are the most common
 * ones in Japan (so no combination points at anyone in particular); given names
 * are ones typical of people born 1935–1985. Hamlet names are ordinary
 * topographic words (沢, 平, 谷 …) shared by countless real places.
 */

/** [kanji, kana] */
export type Named = readonly [string, string];

export const FAMILY_NAMES: readonly Named[] = [
  ["佐藤", "サトウ"],
  ["鈴木", "スズキ"],
  ["高橋", "タカハシ"],
  ["田中", "タナカ"],
  ["伊藤", "イトウ"],
  ["渡辺", "ワタナベ"],
  ["山本", "ヤマモト"],
  ["中村", "ナカムラ"],
  ["小林", "コバヤシ"],
  ["加藤", "カトウ"],
  ["吉田", "ヨシダ"],
  ["山田", "ヤマダ"],
  ["佐々木", "ササキ"],
  ["山口", "ヤマグチ"],
  ["松本", "マツモト"],
  ["井上", "イノウエ"],
  ["木村", "キムラ"],
  ["林", "ハヤシ"],
  ["斎藤", "サイトウ"],
  ["清水", "シミズ"],
  ["山崎", "ヤマザキ"],
  ["森", "モリ"],
  ["池田", "イケダ"],
  ["橋本", "ハシモト"],
  ["阿部", "アベ"],
  ["石川", "イシカワ"],
  ["小池", "コイケ"],
  ["宮沢", "ミヤザワ"],
  ["丸山", "マルヤマ"],
  ["原", "ハラ"],
  ["中島", "ナカジマ"],
  ["北原", "キタハラ"],
];

export const FEMALE_NAMES: readonly Named[] = [
  ["和子", "カズコ"],
  ["幸子", "サチコ"],
  ["節子", "セツコ"],
  ["文子", "フミコ"],
  ["美代子", "ミヨコ"],
  ["久子", "ヒサコ"],
  ["洋子", "ヨウコ"],
  ["恵子", "ケイコ"],
  ["京子", "キョウコ"],
  ["和江", "カズエ"],
  ["静子", "シズコ"],
  ["トシ子", "トシコ"],
  ["悦子", "エツコ"],
  ["光子", "ミツコ"],
  ["千代", "チヨ"],
  ["由美子", "ユミコ"],
  ["真由美", "マユミ"],
  ["智子", "トモコ"],
];

export const MALE_NAMES: readonly Named[] = [
  ["茂", "シゲル"],
  ["清", "キヨシ"],
  ["博", "ヒロシ"],
  ["実", "ミノル"],
  ["勇", "イサム"],
  ["正", "タダシ"],
  ["進", "ススム"],
  ["弘", "ヒロシ"],
  ["武", "タケシ"],
  ["明", "アキラ"],
  ["勝", "マサル"],
  ["稔", "ミノル"],
  ["昭", "アキラ"],
  ["和夫", "カズオ"],
  ["修", "オサム"],
  ["誠", "マコト"],
  ["隆", "タカシ"],
  ["健一", "ケンイチ"],
];

/** [kanji, kana, romaji] for hamlets. */
export type HamletName = readonly [string, string, string];

export const HAMLET_NAMES: readonly HamletName[] = [
  ["上沢", "かみさわ", "Kamisawa"],
  ["奥平", "おくだいら", "Okudaira"],
  ["中之倉", "なかのくら", "Nakanokura"],
  ["西谷", "にしだに", "Nishidani"],
  ["滝ノ上", "たきのうえ", "Takinoue"],
  ["大萱", "おおがや", "Ogaya"],
  ["栗尾", "くりお", "Kurio"],
  ["日影", "ひかげ", "Hikage"],
];

/** Names for roadside bus stops between the centre and the hamlets. */
export const STOP_NAMES: readonly string[] = [
  "下河原",
  "大橋",
  "宮前",
  "寺前",
  "新田",
  "小原",
  "川原田",
  "峠口",
  "堂平",
  "横倉",
  "追分",
  "清水沢",
  "一本松",
  "石神",
  "旧分校前",
  "農協前",
  "梨ノ木",
  "柳原",
  "荒井",
  "桑原",
  "向原",
  "大久保",
  "竹ノ内",
  "萩原",
  "鳥居前",
  "水口",
  "上野",
  "中組",
  "下組",
  "岩下",
  "火の見前",
  "発電所前",
  "松葉",
  "北沢口",
  "南沢口",
  "舟渡",
  "湯ノ沢",
  "鍛冶屋",
  "芝原",
  "杉ノ木",
];
