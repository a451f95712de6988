import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";

/**
 * Values valid by the API document: a fast-check arbitrary for a JSON Schema
 * of the document (its `$ref`s, types, enums, patterns, formats, bounds,
 * required and optional properties, exactly-one-of, required-when and
 * dependent properties). Structure is generated first, then the schema's
 * combinators are applied, and what still fails the full schema is filtered
 * out — so every value it yields is one a client may send by the document.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: Json[];
  const?: Json;
  default?: Json;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  prefixItems?: Schema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: Schema;
  minContains?: number;
  maxContains?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  dependentRequired?: Record<string, string[]>;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  if?: Schema;
  then?: Schema;
  description?: string;
  "x-rules"?: string[];
}

/** Collections stay small: the point is the shape of each value, not its volume. */
const MAX_ITEMS = 3;

export function documentSchemas(document: { components?: { schemas?: Record<string, unknown> } }) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat("binary", true);
  ajv.addSchema(document, "api");
  const compiled = new WeakMap<object, ValidateFunction>();
  let compiledCount = 0;
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;

  const deref = (schema: Schema): Schema => {
    let current = schema;
    for (let i = 0; current.$ref && i < 10; i++) {
      const name = current.$ref.replace("#/components/schemas/", "");
      current = schemas[name] ?? {};
    }
    return current;
  };

  /** True when `value` is valid by `schema` (refs resolve against the document). */
  const accepts = (schema: Schema, value: unknown): boolean => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile({ $id: `inline-${compiledCount++}`, ...withDocumentRefs(schema) });
      compiled.set(schema, validate);
    }
    return validate(value);
  };

  const arbitrary = (schema: Schema): fc.Arbitrary<Json> =>
    structural(deref(schema)).filter((v) => accepts(schema, v));

  function structural(schema: Schema): fc.Arbitrary<Json> {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const type = typeOf(schema);
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives && type !== "object") {
      // A union of object shapes: each alternative also carries the union's own rules.
      return fc.oneof(
        ...alternatives.map((alternative) => {
          const shape = deref(alternative);
          return structural({
            ...shape,
            allOf: [...(shape.allOf ?? []), ...(schema.allOf ?? [])],
            dependentRequired: { ...shape.dependentRequired, ...schema.dependentRequired },
          });
        }),
      );
    }
    const value = typedValue(schema, type);
    const nullable = Array.isArray(schema.type) && schema.type.includes("null");
    return nullable
      ? fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) })
      : value;
  }

  function typedValue(schema: Schema, type: string | undefined): fc.Arbitrary<Json> {
    switch (type) {
      case "object":
        return objectOf(schema);
      case "array":
        return arrayOf(schema);
      case "string":
        return stringOf(schema);
      case "integer":
        return fc.integer({ min: lowerBound(schema, 1), max: upperBound(schema, 1) });
      case "number":
        return fc
          .double({
            min: lowerBound(schema, 0),
            max: upperBound(schema, 0),
            noNaN: true,
            noDefaultInfinity: true,
          })
          .map((n) => (Object.is(n, -0) ? 0 : n));
      case "boolean":
        return fc.boolean();
      default:
        return fc.constant(null);
    }
  }

  function typeOf(schema: Schema): string | undefined {
    if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null") ?? "null";
    if (schema.type) return schema.type;
    if (schema.properties) return "object";
    return undefined;
  }

  function stringOf(schema: Schema): fc.Arbitrary<Json> {
    const instants = fc.date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2099-12-31T00:00:00Z"),
      noInvalidDate: true,
    });
    if (schema.format === "date") return instants.map((d) => d.toISOString().slice(0, 10));
    if (schema.format === "date-time") return instants.map((d) => d.toISOString());
    const minLength = schema.minLength ?? 0;
    const maxLength = schema.maxLength ?? Number.POSITIVE_INFINITY;
    if (schema.pattern) {
      return fc
        .stringMatching(new RegExp(schema.pattern, "u"))
        .filter((s) => s.length >= minLength && s.length <= maxLength);
    }
    return fc.string({
      minLength,
      maxLength: Math.min(maxLength, Math.max(minLength, 24)),
      unit: "grapheme",
    });
  }

  function arrayOf(schema: Schema): fc.Arbitrary<Json> {
    const prefix = (schema.prefixItems ?? []).map((s) => structural(deref(s)));
    const minLength = Math.max(0, (schema.minItems ?? 0) - prefix.length);
    const maxLength = Math.max(
      minLength,
      Math.min((schema.maxItems ?? MAX_ITEMS) - prefix.length, MAX_ITEMS),
    );
    const item = schema.items ? structural(deref(schema.items)) : fc.constant(null);
    const rest = schema.uniqueItems
      ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength, maxLength });
    return fc.tuple(fc.tuple(...prefix), rest).map(([head, tail]): Json => [...head, ...tail]);
  }

  /**
   * Required properties and some optional ones; then one branch of the
   * object's oneOf/anyOf made true (for oneOf, what another branch requires
   * left out), dependent properties added, and each if/then whose `if` holds
   * made true.
   */
  function objectOf(schema: Schema): fc.Arbitrary<Json> {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const optional = Object.keys(properties).filter((k) => !required.has(k));
    const branches = schema.oneOf ?? schema.anyOf ?? [];
    return fc.record({ chosen: fc.subarray(optional), pick: fc.nat() }).chain(({ chosen, pick }) => {
      const keys = new Set([...required, ...chosen]);
      const shapes: Record<string, Schema> = { ...properties };
      const branch = branches.length > 0 ? pick % branches.length : -1;
      const rule = branch >= 0 ? oneAlternative(deref(branches[branch] ?? {}), pick) : undefined;
      if (rule) {
        applyRule(rule, keys, shapes);
        if (schema.oneOf) {
          branches.forEach((other, i) => {
            if (i === branch) return;
            for (const k of oneAlternative(deref(other), pick).required ?? [])
              if (!required.has(k) && !(rule.required ?? []).includes(k)) keys.delete(k);
            for (const alternative of deref(other).anyOf ?? [])
              for (const k of alternative.required ?? [])
                if (!required.has(k) && !(rule.required ?? []).includes(k)) keys.delete(k);
          });
        }
      }
      addDependencies(schema, keys);
      const first = Object.fromEntries([...keys].map((k) => [k, structural(deref(shapes[k] ?? {}))]));
      return fc
        .record(first)
        .chain((value) => withConditionals(schema, value as Record<string, Json>, shapes, pick));
    });
  }

  /** A rule with an anyOf of alternatives, as one of them (merged into the rule). */
  function oneAlternative(rule: Schema, pick: number): Schema {
    const alternatives = rule.anyOf ?? [];
    const chosen = alternatives[pick % Math.max(1, alternatives.length)];
    if (!chosen) return rule;
    return {
      ...rule,
      required: [...(rule.required ?? []), ...(chosen.required ?? [])],
      properties: { ...rule.properties, ...chosen.properties },
    };
  }

  function applyRule(rule: Schema, keys: Set<string>, shapes: Record<string, Schema>) {
    for (const k of rule.required ?? []) keys.add(k);
    for (const [k, constraint] of Object.entries(rule.properties ?? {})) {
      shapes[k] = { ...deref(shapes[k] ?? {}), ...constraint };
    }
  }

  function addDependencies(schema: Schema, keys: Set<string>) {
    for (const [k, needs] of Object.entries(schema.dependentRequired ?? {}))
      if (keys.has(k)) for (const n of needs) keys.add(n);
  }

  function withConditionals(
    schema: Schema,
    value: Record<string, Json>,
    shapes: Record<string, Schema>,
    pick: number,
  ): fc.Arbitrary<Json> {
    const keys = new Set(Object.keys(value));
    const regenerate = new Set<string>();
    const constrained: Record<string, Schema> = { ...shapes };
    for (const entry of schema.allOf ?? []) {
      if (!entry.if || !entry.then || !accepts(entry.if, value)) continue;
      const then = oneAlternative(entry.then, pick);
      for (const k of then.required ?? []) if (!keys.has(k)) regenerate.add(k);
      for (const [k, constraint] of Object.entries(then.properties ?? {})) {
        constrained[k] = { ...deref(constrained[k] ?? {}), ...constraint };
        if (keys.has(k) || (then.required ?? []).includes(k)) regenerate.add(k);
      }
    }
    const before = new Set([...keys, ...regenerate]);
    addDependencies(schema, before);
    for (const k of before) if (!keys.has(k)) regenerate.add(k);
    if (regenerate.size === 0) return fc.constant(value);
    const extra = Object.fromEntries(
      [...regenerate].map((k) => [k, structural(deref(constrained[k] ?? {}))]),
    );
    return fc.record(extra).map((more) => ({ ...value, ...more }));
  }

  return { arbitrary, accepts, deref };
}

/** Copies a schema with its `#/components/...` references pointed at the document added as "api". */
function withDocumentRefs(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"api#/components/')) as Schema;
}

function lowerBound(schema: Schema, step: number): number {
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + (step || 0.001);
  return schema.minimum ?? -1_000;
}

function upperBound(schema: Schema, step: number): number {
  if (schema.exclusiveMaximum !== undefined) return schema.exclusiveMaximum - (step || 0.001);
  return schema.maximum ?? Math.max(lowerBound(schema, step) + 1_000, 1_000);
}

/** Every `x-rules` code a schema and the schemas it refers to list: rules only described in words. */
export function describedRuleCodes(
  schema: Schema,
  deref: (s: Schema) => Schema,
  seen = new Set<Schema>(),
): Set<string> {
  const codes = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const s = node as Schema;
    if (s.$ref) {
      const target = deref(s);
      if (seen.has(target)) return;
      seen.add(target);
      return visit(target);
    }
    for (const code of s["x-rules"] ?? []) codes.add(code);
    Object.values(s).forEach(visit);
  };
  visit(schema);
  return codes;
}
