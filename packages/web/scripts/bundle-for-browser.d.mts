import type { Metafile, OutputFile, Plugin } from 'esbuild';

export declare function bundleForBrowser(
  contents: string,
  options: { resolveDir: string; workingDir?: string; plugins?: Plugin[] },
): Promise<{ outputFiles: OutputFile[]; metafile: Metafile; upFront: Set<string> }>;
