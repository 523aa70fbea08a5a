/** The built @groq-stream/web bundled into one IIFE script that sets the global `GroqStreamWeb`; `root` is the repository. */
export function bundleWebIIFE(root: string): Promise<string>;
