/** How {@link parseNumber} reads a value: an integer or any number, from `min` (to `max`), counting `unit`. */
export interface NumberRule {
  integer: boolean;
  min: number;
  /** No upper bound when omitted. */
  max?: number;
  /** What the number counts, for the message (`minutes`). */
  unit?: string;
}

/**
 * `text` (the value of a flag or a variable) as a number in decimal notation within `rule`.
 *
 * @throws {RangeError} naming `name`, its whole range and `text`: `PORT must be an integer from 0 to 65535, got "0x10".`
 */
export function parseNumber(text: string, name: string, rule: NumberRule): number;

/** `argv` with each negative number given as its own argument after one of `flags` attached to it (`--streams=-1`). */
export function attachNegativeNumbers(argv: readonly string[], flags: readonly string[]): string[];
