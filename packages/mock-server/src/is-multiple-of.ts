/**
 * Whether `value` is a whole multiple of `divisor` as the decimal numbers their JSON text writes, as validators
 * that compare exactly do (@cfworker/json-schema does): 1e308 is no multiple of 7, though `1e308 / 7` rounds to
 * a whole double, and 0.3 is a multiple of 0.1, though `0.3 / 0.1` is 2.9999999999999996.
 */
export function isMultipleOf(value: number, divisor: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(divisor) || divisor <= 0) return false;
  const [coefficient, exponent] = decimalInteger(value);
  const [divisorCoefficient, divisorExponent] = decimalInteger(divisor);
  if (exponent >= divisorExponent) return (coefficient * 10n ** BigInt(exponent - divisorExponent)) % divisorCoefficient === 0n;
  return coefficient % (divisorCoefficient * 10n ** BigInt(divisorExponent - exponent)) === 0n;
}

// `value` as an integer and a power of ten, from its shortest decimal form (as JSON.stringify writes it): 1.5e-7 is [15, -8].
function decimalInteger(value: number): [bigint, number] {
  const [mantissa = '0', exponent = '0'] = String(Math.abs(value)).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  return [BigInt(whole + fraction), Number(exponent) - fraction.length];
}
