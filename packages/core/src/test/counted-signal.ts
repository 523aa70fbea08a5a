/** What {@link countedSignal} gives. */
export interface CountedSignal {
  /** The controller; pass its `signal` to the requests under test. */
  controller: AbortController;
  /** The `abort` listeners added to the signal and not removed yet. */
  open: Set<unknown>;
  /**
   * The most `abort` listeners the signal held at once so far: a leak shows here even when each listener is
   * removed by the time `open` is looked at (where Node 20 would warn past ten, and Node 22 and 24 never do).
   * A getter: read it on the object when needed, as a destructured copy keeps the count of that moment.
   */
  readonly peak: number;
}

/**
 * An `AbortController` whose signal counts its `abort` listeners, as a page's Stop button shared by many
 * requests would hold them: `open` has every listener added and not yet removed, `peak` the most it had at
 * once. For tests that prove a stream lets go of its caller's signal once it stops.
 */
export function countedSignal(): CountedSignal {
  const controller = new AbortController();
  const open = new Set<unknown>();
  let peak = 0;
  const { addEventListener, removeEventListener } = controller.signal;
  Object.assign(controller.signal, {
    addEventListener(this: AbortSignal, type: string, listener: EventListener, options?: AddEventListenerOptions) {
      if (type === 'abort') peak = Math.max(peak, open.add(listener).size);
      return addEventListener.call(this, type, listener, options);
    },
    removeEventListener(this: AbortSignal, type: string, listener: EventListener, options?: EventListenerOptions) {
      if (type === 'abort') open.delete(listener);
      return removeEventListener.call(this, type, listener, options);
    },
  });
  return {
    controller,
    open,
    get peak() {
      return peak;
    },
  };
}
