/**
 * 四捨五入 to `digits` decimals, half away from zero, as the application forms
 * round. Works on the decimal representation (`1.005 → 1.01`), because binary
 * floats like 0.35 = 0.34999… would otherwise round the wrong way, and a
 * published figure must come out to the digit.
 */
export function roundHalfUp(value: number, digits = 0): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  // Exponent notation ("1e-7", "1e+21") cannot take the string shift below;
  // such magnitudes are far from any half-way digit a form shows.
  if (/e/i.test(String(Math.abs(value)))) {
    const scale = 10 ** digits;
    const r = Math.round(Math.abs(value) * scale) / scale;
    return r === 0 ? 0 : sign * r;
  }
  const shifted = Number(`${Math.abs(value)}e${digits}`);
  const rounded = Number(`${Math.round(shifted)}e${-digits}`);
  // Math.round(-0) and friends: never return -0, it prints as "-0" in tables.
  return rounded === 0 ? 0 : sign * rounded;
}
