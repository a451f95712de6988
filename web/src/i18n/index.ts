import { createSignal } from "solid-js";
import { en } from "./en";
import { ja, type MessageId } from "./ja";

export type Lang = "ja" | "en";
export type { MessageId };

const catalogs: Record<Lang, Record<MessageId, string>> = { ja, en };
const stored = typeof localStorage !== "undefined" ? localStorage.getItem("tsunagu.lang") : null;
const [lang, setLangSignal] = createSignal<Lang>(stored === "en" ? "en" : "ja");

export { lang };

export function setLang(next: Lang) {
  setLangSignal(next);
  localStorage.setItem("tsunagu.lang", next);
  document.documentElement.lang = next;
}

/** The message in the current language, with each {name} in it replaced by its value. */
export function t(id: MessageId, values: Record<string, string | number> = {}): string {
  return catalogs[lang()][id].replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

/** A message id for a place kind, falling back to the generic one. */
export function placeKindMessage(kind: string): MessageId {
  const id = `place.${kind}`;
  return id in ja ? (id as MessageId) : "place.other";
}

/** A catalog label for a code (`${prefix}.${code}`), or the code itself when the catalog does not know it (older or imported data). */
export function labelOrCode(prefix: string, code: string): string {
  const id = `${prefix}.${code}`;
  return id in ja ? t(id as MessageId) : code;
}
