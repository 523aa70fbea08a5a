// What produced a set of benchmark results, for the chart's caption and the README: date, machine, command.

const PACKAGES = { core: '@groq-stream/core', node: '@groq-stream/node', relay: '@groq-stream/express-demo' };

/** One machine description out of the two shapes the benchmarks write (core and node alike; the relay's). */
function describeMachine(machine) {
  if (!machine) return undefined;
  if (machine.cpuModel !== undefined) {
    const [system, release, arch] = String(machine.platform ?? '').split(' ');
    const os = system ? `${system === 'linux' ? 'Linux' : system} ${release ?? ''}${arch ? ` (${arch})` : ''}`.trim() : 'unknown OS';
    return { cpu: `${machine.cpuModel} × ${machine.cpus}`, memory: `${machine.memoryGiB} GiB`, os, node: machine.node };
  }
  return { cpu: machine.cpu, memory: machine.memory, os: machine.os, node: machine.node };
}

const day = (iso) => (typeof iso === 'string' ? iso.slice(0, 10) : undefined);
const argsOf = (results) => (Array.isArray(results.args) ? results.args.filter((arg) => arg !== '--') : []);
const isQuick = (results) => Boolean(results.options?.quick ?? results.parameters?.quick);

/**
 * `runs`: `{ core, node, relay }`, each the parsed results of a benchmark or undefined when it is missing.
 * `host`: the machine to name when no results say (the one rendering the chart). Returns
 * `{ date, machine, command, quick, present }`, all text but `quick` (names of quick runs) and `present`.
 */
export function describeBenchRun(runs, host) {
  const present = Object.entries(runs).filter(([, results]) => results);
  const dates = [...new Set(present.map(([, results]) => day(results.date)).filter(Boolean))].sort();
  const date = dates.length === 0 ? 'never' : dates.length === 1 ? dates[0] : `${dates[0]} to ${dates[dates.length - 1]}`;

  // The relay's results give the memory to a tenth of a GiB: they describe the machine first.
  const machines = ['relay', 'core', 'node'].map((name) => describeMachine(runs[name]?.machine)).filter(Boolean);
  const first = machines[0] ?? host;
  let machine = first ? `${first.cpu}, ${first.memory} RAM, ${first.os}, Node ${first.node}` : 'unknown machine';
  if (machines.some((other) => other.cpu !== first.cpu || other.node !== first.node)) {
    machine += ' (not every benchmark ran on this machine and Node version)';
  }

  // One `pnpm bench` passes the same flags to every benchmark; otherwise name each run.
  const args = present.map(([name, results]) => [name, argsOf(results)]);
  const same = args.every(([, list]) => list.join(' ') === args[0]?.[1].join(' '));
  const command =
    args.length === 0 || same
      ? `pnpm bench${args[0]?.[1].length ? ` -- ${args[0][1].join(' ')}` : ''}`
      : args.map(([name, list]) => `pnpm --filter ${PACKAGES[name]} bench${list.length ? ` -- ${list.join(' ')}` : ''}`).join('; ');

  const quick = present.filter(([, results]) => isQuick(results)).map(([name]) => name);
  return { date, machine, command, quick, present: present.map(([name]) => name) };
}
