import { GroqError } from './errors/groq-error.js';

/** Code that a `Stream` method loads on first use; see {@link lazyModule}. */
export interface LazyModule<Module> {
  /** The module, once it has loaded: from then on the method runs at once, as if it were imported statically. */
  readonly loaded: Module | undefined;
  /**
   * Loads the module, once for the process: the calls until it has loaded share one promise. A load that
   * failed is tried again at the next call (a page whose connection came back). Rejects with a
   * {@link GroqError} that names `method` and keeps what the import threw as its `cause`.
   */
  load(method: string, requestId: string | undefined): Promise<Module>;
}

/**
 * Code that only some `Stream` methods need (the relays' encoders, accumulation), loaded with `import()` on
 * first use. Class methods cannot be tree-shaken: a static import put all of it in the bundle of every page
 * that only reads a stream. An app's bundler puts what `import()` loads in a chunk of its own, fetched the first
 * time a method needs it. `importer` must call `import()` with a literal path, which bundlers follow.
 */
export function lazyModule<Module>(importer: () => Promise<Module>): LazyModule<Module> {
  let loading: Promise<Module> | undefined;
  const lazy = {
    loaded: undefined as Module | undefined,
    load(method: string, requestId: string | undefined): Promise<Module> {
      loading ??= importer().then(
        (module) => (lazy.loaded = module),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading.catch((cause: unknown) => {
        throw new GroqError(`${method} could not load its code, which is fetched on first use`, {
          cause,
          requestId,
          hint: 'Check the connection, or reload the page if the app was deployed again since it loaded.',
        });
      });
    },
  };
  return lazy;
}
