/** What {@link countedSignal} gives. */
export interface CountedSignal {
  /** The controller; pass its `signal` to the requests under test. */
  controller: AbortController;
  /** The `abort` listeners added to the signal and not removed yet. */
  open: Set<unknown>;
}

/**
 * An `AbortController` whose signal counts its `abort` listeners, as a page's Stop button shared by many
 * requests would hold them: `open` has every listener added and not yet removed. For tests that prove a stream
 * lets go of its caller's signal once it stops.
 */
export function countedSignal(): CountedSignal {
  const controller = new AbortController();
  const open = new Set<unknown>();
  const { addEventListener, removeEventListener } = controller.signal;
  Object.assign(controller.signal, {
    addEventListener(this: AbortSignal, type: string, listener: EventListener, options?: AddEventListenerOptions) {
      if (type === 'abort') open.add(listener);
      return addEventListener.call(this, type, listener, options);
    },
    removeEventListener(this: AbortSignal, type: string, listener: EventListener, options?: EventListenerOptions) {
      if (type === 'abort') open.delete(listener);
      return removeEventListener.call(this, type, listener, options);
    },
  });
  return { controller, open };
}
