/**
 * How big each piece is: one size for all pieces, a list of sizes used in turn (and repeated
 * until the bytes run out), or a function of the piece's index.
 */
export type PieceSize = number | readonly number[] | ((index: number) => number);

/**
 * Splits bytes into pieces, as a network would deliver them. The pieces are views of `bytes`
 * (`subarray`), not copies; the last piece may be shorter than asked.
 *
 * @example
 * splitBytes(bytes, 280); // pieces of 280 bytes
 * splitBytes(bytes, [1, 7, 3]); // 1, 7, 3, 1, 7, 3, ... bytes
 * splitBytes(bytes, (index) => (index % 2 ? 1 : 100));
 */
export function splitBytes(bytes: Uint8Array, size: PieceSize): Uint8Array[] {
  if (Array.isArray(size) && size.length === 0) throw new RangeError('splitBytes: the list of sizes is empty');
  const sizeAt =
    typeof size === 'function'
      ? size
      : typeof size === 'number'
        ? () => size
        : (index: number) => size[index % size.length] as number;
  const pieces: Uint8Array[] = [];
  for (let offset = 0, index = 0; offset < bytes.length; index++) {
    const pieceSize = sizeAt(index);
    if (!Number.isInteger(pieceSize) || pieceSize < 1) {
      throw new RangeError(`splitBytes: piece ${index} has size ${pieceSize}; sizes must be integers >= 1`);
    }
    pieces.push(bytes.subarray(offset, offset + pieceSize));
    offset += pieceSize;
  }
  return pieces;
}

/**
 * Yields every split of `bytes` into two non-empty pieces (`bytes.length - 1` of them), views of
 * `bytes`. For small fixtures: a parser must give the same result for each.
 *
 * @example
 * for (const pieces of splitEverywhere(bytes)) expect(await parse(pieces)).toEqual(expected);
 */
export function* splitEverywhere(bytes: Uint8Array): Generator<[head: Uint8Array, tail: Uint8Array]> {
  for (let at = 1; at < bytes.length; at++) yield [bytes.subarray(0, at), bytes.subarray(at)];
}
