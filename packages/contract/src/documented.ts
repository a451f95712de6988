/**
 * The API document is generated from these zod schemas, but a refinement
 * (`.refine`, `.superRefine`) is code JSON Schema generation cannot see. So
 * each schema with one also states the rule in its `.meta()`: as JSON Schema
 * keywords where JSON Schema can say it (exactly one of, required when,
 * unique items), and, where it cannot (an order across fields), in words in
 * the description with the rule's problem code under `x-rules` — the code a
 * refused request's `errors[].code` carries.
 */

/** Text that is not empty once trimmed (the server trims before it checks). */
export const NON_BLANK = { minLength: 1, pattern: "\\S" } as const;

/** Meta of rules only words can state: the sentence, and their codes under `x-rules`. */
export function describedRules(description: string, codes: readonly string[]) {
  return { description, "x-rules": [...codes] };
}

/** JSON Schema: `then` applies where `condition` holds. */
export function ifThen(condition: Record<string, unknown>, then: Record<string, unknown>) {
  return { if: condition, then };
}

/** JSON Schema: `then` applies when the object's `property` is one of `values`. */
export function when(property: string, values: readonly (string | boolean)[], then: Record<string, unknown>) {
  return ifThen({ properties: { [property]: { enum: [...values] } }, required: [property] }, then);
}

/** JSON Schema: these properties must be present and numbers (not null). */
export function requiredNumbers(...names: string[]) {
  return {
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, { type: "number" }])),
  };
}

/** The OpenAPI description of an integer query value (`z.coerce` would otherwise read as "or null"). */
export function integerQuery(minimum: number, maximum: number, defaultValue?: number) {
  return {
    type: "integer",
    minimum,
    maximum,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  };
}
