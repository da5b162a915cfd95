// Request validation with FastAPI/pydantic v2's 422 error items, so a client sees the same
// `{"detail": [{type, loc, msg, input}]}` shape. Only the fields the contract names are checked.

export interface ValidationError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/** An integer path or query parameter; undefined after pushing an error. */
export function intParam(
  raw: string,
  loc: ValidationError['loc'],
  errors: ValidationError[],
): number | undefined {
  if (INTEGER_TEXT.test(raw)) return Number(raw);
  errors.push({
    type: 'int_parsing',
    loc,
    msg: 'Input should be a valid integer, unable to parse string as an integer',
    input: raw,
  });
  return undefined;
}

export type JsonObject = Record<string, unknown>;

/** Parses a JSON request body that must be an object, as pydantic reads a body model. */
export function jsonObjectBody(body: string, errors: ValidationError[]): JsonObject | undefined {
  if (body.trim() === '') {
    errors.push({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    errors.push({
      type: 'json_invalid',
      loc: ['body', 0],
      msg: 'JSON decode error',
      input: {},
      ctx: { error: error instanceof Error ? error.message : 'Invalid JSON' },
    });
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({
      type: 'model_attributes_type',
      loc: ['body'],
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input: value,
    });
    return undefined;
  }
  return value as JsonObject;
}

/** A required (or, with `optional`, nullable and omittable) string field. */
export function stringField(
  body: JsonObject,
  name: string,
  errors: ValidationError[],
  { optional = false }: { optional?: boolean } = {},
): string | null | undefined {
  const value = body[name];
  if (value === undefined || (optional && value === null)) {
    if (!optional)
      errors.push({ type: 'missing', loc: ['body', name], msg: 'Field required', input: body });
    return optional ? null : undefined;
  }
  if (typeof value === 'string') return value;
  errors.push({
    type: 'string_type',
    loc: ['body', name],
    msg: 'Input should be a valid string',
    input: value,
  });
  return undefined;
}

/** An optional, nullable integer field (pydantic's lax mode also takes integral strings). */
export function optionalIntField(
  body: JsonObject,
  name: string,
  errors: ValidationError[],
): number | null | undefined {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return Number(value);
  if (typeof value === 'number' && Number.isFinite(value)) {
    errors.push({
      type: 'int_from_float',
      loc: ['body', name],
      msg: 'Input should be a valid integer, got a number with a fractional part',
      input: value,
    });
  } else {
    errors.push({
      type: 'int_type',
      loc: ['body', name],
      msg: 'Input should be a valid integer',
      input: value,
    });
  }
  return undefined;
}

/** A required field that must be one of `choices` (a str enum). */
export function enumField(
  body: JsonObject,
  name: string,
  choices: readonly string[],
  errors: ValidationError[],
): string | undefined {
  const value = body[name];
  if (value === undefined) {
    errors.push({ type: 'missing', loc: ['body', name], msg: 'Field required', input: body });
    return undefined;
  }
  const found = choices.find((c) => c === value);
  if (found !== undefined) return found;
  // pydantic lists the choices as `'a', 'b' or 'c'`.
  const quoted = choices.map((c) => `'${c}'`);
  const expected =
    quoted.length < 2
      ? quoted.join('')
      : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  errors.push({
    type: 'enum',
    loc: ['body', name],
    msg: `Input should be ${expected}`,
    input: value,
    ctx: { expected },
  });
  return undefined;
}

const TRUE_TEXT = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_TEXT = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** A boolean query parameter as pydantic reads text (`true`, `1`, `yes`, `off`...). */
export function boolParam(
  raw: string,
  loc: ValidationError['loc'],
  errors: ValidationError[],
): boolean | undefined {
  const text = raw.toLowerCase();
  if (TRUE_TEXT.has(text)) return true;
  if (FALSE_TEXT.has(text)) return false;
  errors.push({
    type: 'bool_parsing',
    loc,
    msg: 'Input should be a valid boolean, unable to interpret input',
    input: raw,
  });
  return undefined;
}

/** The last value of a query parameter (Starlette's `query_params[name]`), if present. */
export function queryValue(query: string, name: string): string | undefined {
  if (query === '') return undefined;
  return new URLSearchParams(query).getAll(name).pop();
}
