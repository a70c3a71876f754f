import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

// Answers are written by fast-json-stringify from the JSON Schema of each route's Zod
// response schema, compiled once per route. Like the Zod encoder it replaces, it writes only
// the properties a schema declares (a column a query picked up by accident never leaks) and
// refuses an answer missing a required one; it does so without building a validated copy of
// every answer first, which was a third of what a list allocated.

type JsonSchema = { [key: string]: unknown };

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Zod writes `x.nullable()` as `anyOf: [x, {type: 'null'}]`; fast-json-stringify decides an
 * anyOf by validating the value at run time, so a simple type is folded into `type: [t, 'null']`.
 */
function foldNullable(schema: JsonSchema): JsonSchema {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return schema;
  const [first, second] = anyOf as unknown[];
  const nullFirst = isObject(first) && first.type === 'null';
  const other = nullFirst ? second : first;
  const nullOne = nullFirst ? first : second;
  if (!isObject(nullOne) || nullOne.type !== 'null' || !isObject(other) || typeof other.type !== 'string')
    return schema;
  if (other.type === 'object' || other.type === 'array') return schema;
  const { anyOf: _anyOf, ...rest } = schema;
  const folded: JsonSchema = { ...rest, ...other, type: [other.type, 'null'] };
  if (Array.isArray(other.enum)) folded.enum = [...(other.enum as unknown[]), null];
  return folded;
}

function simplify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(simplify);
  if (!isObject(value)) return value;
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) out[key] = simplify(child);
  return foldNullable(out);
}

/** The JSON Schema fast-json-stringify compiles for a Zod response schema. */
export function responseJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return simplify(json) as JsonSchema;
}

function zodOf(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  if (isObject(schema) && schema.properties instanceof z.ZodType) return schema.properties;
  throw new Error(`a response schema is not a Zod schema: ${JSON.stringify(schema)}`);
}

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) =>
  fastJson(responseJsonSchema(zodOf(schema)) as unknown as Parameters<typeof fastJson>[0]);
