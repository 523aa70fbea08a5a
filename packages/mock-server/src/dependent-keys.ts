import { isRecord } from './is-record.js';

/**
 * `keys` with the properties that their presence requires: the names listed for a present key in
 * `dependentRequired` or (draft 4 to 7) in a list of `dependencies`, and the `required` of its schema in
 * `dependentSchemas` or `dependencies`, followed until no key adds another (`a` needs `b`, which needs `c`).
 * A key that is not `required` and needs one that is not `allowed` (a `false` property) is left out instead.
 */
export function withDependentKeys(schema: Record<string, unknown>, keys: string[], required: string[], allowed: (key: string) => boolean): string[] {
  return closure(
    schema,
    keys.filter((key) => required.includes(key) || closure(schema, [key]).every(allowed)),
  );
}

/**
 * The object schema without the `dependentSchemas` (and schema `dependencies`) of `keys`, and those schemas: an
 * object with these keys must satisfy both.
 */
export function takeDependentSchemas(schema: Record<string, unknown>, keys: string[]): { rest: Record<string, unknown>; schemas: unknown[] } {
  const rest = { ...schema };
  const schemas: unknown[] = [];
  for (const name of ['dependentSchemas', 'dependencies']) {
    const dependencies = schema[name];
    if (!isRecord(dependencies)) continue;
    const left = { ...dependencies };
    for (const key of keys) {
      if (!Object.hasOwn(left, key) || Array.isArray(left[key])) continue;
      schemas.push(left[key]);
      delete left[key];
    }
    rest[name] = left;
  }
  return { rest, schemas };
}

function closure(schema: Record<string, unknown>, keys: string[]): string[] {
  const all = [...keys];
  for (let index = 0; index < all.length; index++) {
    for (const name of requiredBy(schema, all[index]!)) if (!all.includes(name)) all.push(name);
  }
  return all;
}

function requiredBy(schema: Record<string, unknown>, key: string): string[] {
  const names: unknown[] = [];
  for (const dependencies of [schema.dependentRequired, schema.dependentSchemas, schema.dependencies]) {
    if (!isRecord(dependencies) || !Object.hasOwn(dependencies, key)) continue;
    const dependency = dependencies[key];
    if (Array.isArray(dependency)) names.push(...dependency);
    else if (isRecord(dependency) && Array.isArray(dependency.required)) names.push(...dependency.required);
  }
  return names.filter((name): name is string => typeof name === 'string');
}
