/*
 * Number formats of the report. The engine has already rounded every figure
 * the application prints (rows and totals to 0.1 t, hours to 1, rates to
 * 0.1 %); these only add digit grouping and keep the decimal (84.0, not 84).
 */

/** t-CO₂ and rates: always one decimal, grouped (1,234.5). */
export const oneDecimal = (value: number) =>
  value.toLocaleString("ja-JP", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Hours and ton-km: whole numbers, grouped. */
export const whole = (value: number) => value.toLocaleString("ja-JP", { maximumFractionDigits: 0 });

/** An input or factor as used: up to six significant digits (a regression unit 0.0518342…). */
export const factor = (value: number | undefined) =>
  value === undefined ? "—" : value.toLocaleString("ja-JP", { maximumSignificantDigits: 6 });
