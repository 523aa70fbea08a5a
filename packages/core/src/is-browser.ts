/** Whether this runs in a web page (React Native has a `window` too, but no page a key could leak from). */
export function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown; navigator?: { product?: string } };
  return typeof scope.window !== 'undefined' && typeof scope.document !== 'undefined' && scope.navigator?.product !== 'ReactNative';
}
