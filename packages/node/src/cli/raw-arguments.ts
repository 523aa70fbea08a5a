import { readFileSync } from 'node:fs';

/**
 * The last `count` arguments of this process as the bytes it was given, where `process.argv` has decoded them as
 * UTF-8, with U+FFFD for a byte that is not (a Latin-1 terminal's `é`), so that the two cannot be told apart there.
 * Read from Linux's `/proc/self/cmdline`; undefined elsewhere, or when it cannot be read.
 */
export function rawArguments(count: number): Buffer[] | undefined {
  let cmdline: Buffer;
  try {
    cmdline = readFileSync('/proc/self/cmdline');
  } catch {
    return undefined;
  }
  // Each argument ends with a NUL byte, the last one too.
  const parts: Buffer[] = [];
  let start = 0;
  for (let end = cmdline.indexOf(0); end !== -1; end = cmdline.indexOf(0, start)) {
    parts.push(cmdline.subarray(start, end));
    start = end + 1;
  }
  return parts.length < count ? undefined : parts.slice(parts.length - count);
}
