// Number formats of the benchmark's output.
export const ms = (value) => `${value.toFixed(2)} ms`;
export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
export const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const percent = (share) => `${(share * 100).toFixed(0)}%`;
export const verdict = (pass) => (pass ? 'PASS' : 'FAIL');
