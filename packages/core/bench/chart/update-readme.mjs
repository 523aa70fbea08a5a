// The line under the benchmark chart in the root README, rewritten with the chart so that both name the
// same date, machine and command. Only the text between the two markers is touched.

export const README_START = '<!-- bench-chart:start (written by pnpm bench) -->';
export const README_END = '<!-- bench-chart:end -->';

const escapeMarkdown = (value) => String(value).replace(/[\\`*_[\]<>|]/g, (character) => `\\${character}`);

/** "`a`", "`a` and `b`", "`a`, `b` and `c`": the commands of describeBenchRun's `command` as code. */
function commands(command) {
  const code = command.split('; ').map((part) => `\`${part.replace(/`/g, "'")}\``);
  return code.length === 1 ? code[0] : `${code.slice(0, -1).join(', ')} and ${code[code.length - 1]}`;
}

/**
 * `readme` with the text between the markers replaced by a line describing `run` (from describeBenchRun),
 * linking `docs` (`[label, href]` pairs), or undefined when the README has no markers.
 */
export function updateReadme(readme, run, docs) {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END, start);
  if (start === -1 || end === -1) return undefined;
  const links = docs.map(([label, href]) => `[${escapeMarkdown(label)}](${href})`).join(', ');
  const quick = run.quick.length ? ` **Quick smoke runs (${run.quick.join(', ')}): too short to judge speed by.**` : '';
  const measured =
    run.present.length === 0
      ? 'No benchmark results yet: run `pnpm bench`.'
      : `Measured ${escapeMarkdown(run.date)} on ${escapeMarkdown(run.machine)}, with ${commands(run.command)}.${quick}`;
  const line = `${measured} Method and full tables: ${links}.`;
  return `${readme.slice(0, start + README_START.length)}\n${line}\n${readme.slice(end)}`;
}
