import { execFile } from 'node:child_process';

/** The environment of a child process, without the `npm_*` variables `pnpm run` sets for itself. */
export const childEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || /^npm_config_(registry|cache|.*proxy)$/i.test(key)),
);

/** What a command printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  cwd: string;
  /** Default: {@link childEnv}. */
  env?: NodeJS.ProcessEnv;
  /** Default: 60 s. */
  timeoutMs?: number;
}

/**
 * Runs a command to its end; rejects when it fails or outlives `timeoutMs`, with the command, the
 * directory and everything it printed, so that a failed packaging step explains itself.
 */
export function runCommand(command: string, args: string[], options: RunCommandOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? childEnv, timeout: options.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`\`${command} ${args.join(' ')}\` failed in ${options.cwd}: ${error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}
