import { isMultipleOf } from './is-multiple-of.js';

const EXAMPLE_NUMBER = 42;
// Strings with a `format` get a fixed value of that format: the prompt would not validate.
const FORMATTED_STRINGS: Record<string, string> = {
  'date-time': '2025-01-01T12:00:00Z',
  date: '2025-01-01',
  time: '12:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  hostname: 'example.com',
  // {"alg":"HS256","typ":"JWT"}.{"sub":"mock"}.signature
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtb2NrIn0.c2lnbmF0dXJl',
};

/**
 * The `index`th value of a `format` the mock knows (the first is its fixed value), all different, for lists
 * with `uniqueItems` and for `not`; undefined for a format it does not know, or past the values it has.
 */
export function formattedString(format: string, index: number): string | undefined {
  const first = FORMATTED_STRINGS[format];
  if (first === undefined || index === 0) return first;
  const day = new Date(Date.UTC(2025, 0, 1, 12) + index * 86_400_000).toISOString().replace('.000', '');
  switch (format) {
    case 'date-time':
      return day;
    case 'date':
      return day.slice(0, 10);
    case 'time':
      return `12:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}Z`;
    case 'email':
      return `user${index}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${index}`;
    case 'uuid':
      return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
    case 'ipv4':
      return `127.0.${Math.floor(index / 256) % 256}.${index % 256}`;
    case 'ipv6':
      return `::${(index + 1).toString(16)}`;
    case 'hostname':
      return `example${index}.com`;
    default:
      return undefined;
  }
}

/**
 * `value`, a string of `format`, lengthened to at least `minLength` characters where the format has a part that
 * may be longer: the local part of an email (up to 64 characters) and its domain, the path of a URI, the labels of
 * a hostname (up to 63 characters each, 253 in all), the fraction of a second of a time. Undefined for the
 * formats of a fixed length (`uuid`, `date`, an IP address) or past those limits.
 */
export function lengthenFormattedString(format: string, value: string, minLength: number): string | undefined {
  const missing = minLength - value.length;
  if (missing <= 0) return value;
  switch (format) {
    case 'email': {
      const [local = '', host = ''] = value.split('@');
      const padding = Math.min(missing, 64 - local.length);
      const longer = lengthenHost(host, missing - padding);
      return longer === undefined ? undefined : `${local}${'x'.repeat(padding)}@${longer}`;
    }
    case 'uri':
    case 'url':
      return value + 'x'.repeat(missing);
    case 'hostname':
      return lengthenHost(value, missing);
    case 'date-time':
    case 'time':
      return value.endsWith('Z') ? `${value.slice(0, -1)}.${'0'.repeat(Math.max(missing - 1, 1))}Z` : undefined;
    default:
      return undefined;
  }
}

// `host` with `missing` more characters: its first label longer, then more labels before it.
function lengthenHost(host: string, missing: number): string | undefined {
  const labels = host.split('.');
  let left = missing;
  const grow = Math.min(left, 63 - labels[0]!.length);
  labels[0] += 'x'.repeat(grow);
  left -= grow;
  // A label and its dot: at least two characters, so one left over makes the host one longer.
  while (left > 0) {
    const label = Math.min(63, Math.max(left - 1, 1));
    labels.unshift('x'.repeat(label));
    left -= label + 1;
  }
  const longer = labels.join('.');
  return longer.length <= 253 ? longer : undefined;
}

/**
 * The numbers a `number` or `integer` schema allows, by distance from 42: 42 when allowed, else the allowed
 * value nearest to it among a few at or next to the bounds, then its neighbours (a step of `multipleOf`, or
 * 1, and for a `number` a value halfway), for lists with `uniqueItems` and for `not`. None when the bounds
 * leave no value the mock finds.
 */
export function* numberExamples(schema: Record<string, unknown>, integer: boolean): Generator<number> {
  const minimum = numberOrUndefined(schema.minimum);
  const maximum = numberOrUndefined(schema.maximum);
  const exclusiveMinimum = numberOrUndefined(schema.exclusiveMinimum);
  const exclusiveMaximum = numberOrUndefined(schema.exclusiveMaximum);
  const multipleOf = numberOrUndefined(schema.multipleOf);
  const fits = (value: number): boolean =>
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (minimum === undefined || value >= minimum) &&
    (maximum === undefined || value <= maximum) &&
    (exclusiveMinimum === undefined || value > exclusiveMinimum) &&
    (exclusiveMaximum === undefined || value < exclusiveMaximum) &&
    (multipleOf === undefined || multipleOf <= 0 || isMultipleOf(value, multipleOf));
  const low = Math.max(minimum ?? -Infinity, exclusiveMinimum ?? -Infinity);
  const high = Math.min(maximum ?? Infinity, exclusiveMaximum ?? Infinity);
  const step = multipleOf !== undefined && multipleOf > 0 ? multipleOf : 1;
  // A multiple written with the step's decimals, as a model writes it: 19 * 0.05 is 0.9500000000000001.
  const times = (count: number): number => Number((count * step).toFixed(decimalPlaces(step)));
  const candidates = [
    EXAMPLE_NUMBER,
    times(Math.round(EXAMPLE_NUMBER / step)),
    times(Math.ceil(low / step)),
    times(Math.floor(low / step) + 1),
    times(Math.floor(high / step)),
    times(Math.ceil(high / step) - 1),
    (low + high) / 2,
  ];
  // Else, past 2^53 where a step of 1 is lost in rounding (1e308 + 1 is 1e308), the next double up or down.
  const first =
    candidates.filter(fits).sort((a, b) => Math.abs(a - EXAMPLE_NUMBER) - Math.abs(b - EXAMPLE_NUMBER))[0] ??
    [nextDouble(low, Infinity), nextDouble(high, -Infinity)].find(fits);
  if (first === undefined) return;
  yield first;
  if (!integer && fits(first + step / 2)) yield first + step / 2;
  const start = Math.round(first / step);
  for (let distance = 1; distance <= 1000; distance++) {
    for (const value of [times(start + distance), times(start - distance)]) if (value !== first && fits(value)) yield value;
  }
}

// Digits after the point in the shortest form of `value` (`0.05`: 2, `1e-7`: 7), at most 100, as toFixed takes.
function decimalPlaces(value: number): number {
  const [digits = '', exponent = '0'] = String(value).split('e');
  return Math.min(Math.max((digits.split('.')[1]?.length ?? 0) - Number(exponent), 0), 100);
}

// The double next to `value` towards `direction`, by one step of its binary representation.
function nextDouble(value: number, direction: number): number {
  if (!Number.isFinite(value) || value === direction) return NaN;
  if (value === 0) return direction > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  // Away from zero is one more in the bits of the magnitude, towards zero one less.
  view.setBigInt64(0, view.getBigInt64(0) + ((direction > value) === (value > 0) ? 1n : -1n));
  return view.getFloat64(0);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
