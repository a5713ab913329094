/**
 * Does a value match a schema of the served OpenAPI document? The parts of JSON Schema the document
 * uses: $ref, allOf/oneOf/anyOf, type (one or a list), required, properties, additionalProperties,
 * items, enum, minItems/maxItems, minimum/maximum, pattern, minLength/maxLength. Returns what differs.
 */
export type Schema = { [key: string]: unknown };

export function differences(document: Schema, schema: Schema, value: unknown, at = '$'): string[] {
  if (typeof schema.$ref === 'string') return differences(document, resolve(document, schema.$ref), value, at);
  const found: string[] = [];
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) found.push(...differences(document, part, value, at));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options && !options.some((option) => differences(document, option, value, at).length === 0)) found.push(`${at}: matches none of ${key}`);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => isType(type, value))) return [...found, `${at}: expected ${types.join(' or ')}, got ${JSON.stringify(value)?.slice(0, 80)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) found.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) found.push(`${at}: "${value}" does not match ${schema.pattern}`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) found.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) found.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) found.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) found.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) found.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) found.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => found.push(...differences(document, schema.items as Schema, item, `${at}[${i}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in object)) found.push(`${at}: ${name} is required but missing`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [name, inner] of Object.entries(object)) {
      if (properties[name]) found.push(...differences(document, properties[name], inner, `${at}.${name}`));
      else if (schema.additionalProperties === false) found.push(`${at}: ${name} is not in the document`);
      else if (typeof schema.additionalProperties === 'object') found.push(...differences(document, schema.additionalProperties as Schema, inner, `${at}.${name}`));
    }
  }
  return found;
}

function isType(type: string, value: unknown): boolean {
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
  if (type === 'integer') return Number.isInteger(value);
  return typeof value === type;
}

export function resolve(document: Schema, ref: string): Schema {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Schema)[key.replace(/~1/g, '/').replace(/~0/g, '~')], document) as Schema;
}
