import { afterEach, beforeEach, vi } from "vitest";
import { setLang } from "./index";

/**
 * For unit tests under node that switch the UI language: setLang remembers the choice in
 * localStorage and sets <html lang>, and node has neither. Stubs both around each test and
 * starts every test in Japanese.
 */
export function languageSwitchableInNode(): void {
  beforeEach(() => {
    vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
    vi.stubGlobal("document", { documentElement: {} });
    setLang("ja");
  });
  afterEach(() => {
    setLang("ja");
    vi.unstubAllGlobals();
  });
}
