import { isRecord } from './is-record.js';

// The declared type (the first non-null one of a list), or the one that the keywords imply.
export function schemaType(schema: Record<string, unknown>): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((name) => name !== 'null') ?? type[0];
  if (isRecord(schema.properties) || isRecord(schema.patternProperties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined || schema.contains !== undefined) return 'array';
  return undefined;
}

export function isNullSchema(schema: unknown): boolean {
  return isRecord(schema) && schema.type === 'null';
}
