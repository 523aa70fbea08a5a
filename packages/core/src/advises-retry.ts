/**
 * Whether a server's message already tells the reader to try again ("Please retry your request.", "Please try
 * again in a moment."), so that advice appended to it would say the same twice.
 */
export function advisesRetry(message: string): boolean {
  return /\bretry\b|\btry again\b|\bretrying\b/i.test(message);
}
