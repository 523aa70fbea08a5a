const setImmediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/**
 * Resumes after a turn of the event loop. Only where `setImmediate` exists (Node, Bun): elsewhere the only
 * macrotask is a timer, which browsers clamp to 4 ms when nested, so there is none (undefined).
 */
export const nextTurn = setImmediate === undefined ? undefined : (resume: () => void): void => void setImmediate(resume);
