import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseJsonSchema, serializerCompiler } from './serializer';

const Child = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  idNumberMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  tags: z.array(z.string()),
  guardian: z.object({ name: z.string() }).nullable(),
});

function serializer(schema: z.ZodType): (data: unknown) => string {
  return serializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' });
}

describe('response serializer', () => {
  const write = serializer(z.object({ items: z.array(Child), total: z.number().int() }));
  const child = {
    id: 7,
    name: '王小明',
    gender: 'M',
    idNumberMasked: '610727************',
    birthDate: null,
    tags: ['留守'],
    guardian: null,
  };

  it('writes what the schema declares, nulls included, as JSON.parse reads it back', () => {
    const text = write({ items: [child], total: 1 });
    expect(JSON.parse(text)).toEqual({ items: [child], total: 1 });
  });

  it('leaves out a property the schema does not declare (a full identity number a query picked up)', () => {
    const text = write({ items: [{ ...child, id_number: '610727201001011234' }], total: 1 });
    expect(text).not.toContain('610727201001011234');
    expect(JSON.parse(text)).toEqual({ items: [child], total: 1 });
  });

  it('refuses an answer missing a required property rather than writing half of it', () => {
    const { name: _name, ...nameless } = child;
    expect(() => write({ items: [nameless], total: 1 })).toThrow(/name/);
  });

  it('writes nested objects and arrays of objects', () => {
    const text = write({ items: [{ ...child, guardian: { name: '王大' } }], total: 1 });
    expect(JSON.parse(text).items[0].guardian).toEqual({ name: '王大' });
  });

  it('folds a nullable simple type into a type list, with null in its enum', () => {
    const json = responseJsonSchema(Child) as { properties: Record<string, unknown> };
    expect(json.properties.gender).toEqual({ type: ['string', 'null'], enum: ['M', 'F', null] });
    expect(json.properties.birthDate).toEqual({ type: ['string', 'null'] });
    // An object stays an anyOf: folding would lose its properties.
    expect(json.properties.guardian).toHaveProperty('anyOf');
  });
});
