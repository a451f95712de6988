/**
 * Integer apportionment by largest remainder (Hamilton's method), with optional
 * per-item caps: splits `total` into integers proportional to `weights`, never
 * above `caps[i]`, summing exactly to `total` whenever the caps allow it.
 */
export function apportion(total: number, weights: readonly number[], caps?: readonly number[]): number[] {
  const n = weights.length;
  const out = new Array<number>(n).fill(0);
  const cap = (i: number) => (caps ? (caps[i] as number) : Number.POSITIVE_INFINITY);
  let remaining = total;
  // Repeat because capped items hand their share back to the others.
  for (let round = 0; round < 20 && remaining > 0; round++) {
    let sum = 0;
    for (let i = 0; i < n; i++) if ((out[i] as number) < cap(i)) sum += weights[i] as number;
    if (sum <= 0) break;
    const fractions: { i: number; frac: number }[] = [];
    let given = 0;
    for (let i = 0; i < n; i++) {
      const room = cap(i) - (out[i] as number);
      if (room <= 0) continue;
      const exact = (remaining * (weights[i] as number)) / sum;
      const whole = Math.min(room, Math.floor(exact));
      out[i] = (out[i] as number) + whole;
      given += whole;
      if (whole < room) fractions.push({ i, frac: exact - whole });
    }
    remaining -= given;
    fractions.sort((a, b) => b.frac - a.frac || a.i - b.i);
    for (const f of fractions) {
      if (remaining <= 0) break;
      if ((weights[f.i] as number) <= 0) continue;
      out[f.i] = (out[f.i] as number) + 1;
      remaining--;
    }
  }
  return out;
}
