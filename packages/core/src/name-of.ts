/** `error.name`, or undefined: reading it must not throw (a Proxy's trap) out of the reader. */
export function nameOf(error: unknown): unknown {
  try {
    return (error as { name?: unknown } | null)?.name;
  } catch {
    return undefined;
  }
}
