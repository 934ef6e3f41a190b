// The server-load part of `make bench`, reading JSON so bench.sh stays plain shell:
//   node load.mjs get PATH          < any.json   prints the value at PATH ("token", "0.id")
//   node load.mjs row NAME READ RATE < oha.json  oha's summary as one report row
//   node load.mjs sum NAME A.json B.json         two rows run at once: rps summed, worse latency kept
import { readFileSync } from 'node:fs';

const stdin = () => JSON.parse(readFileSync(0, 'utf8'));
const [command, ...args] = process.argv.slice(2);

/** One row of the report from oha's `--output-format json` summary. */
function row(r, name, read, rate) {
  const codes = r.statusCodeDistribution ?? {};
  // Requests still in flight when the time is up are cut off by oha itself: not server errors.
  const cutOff = (e) => e.includes('deadline');
  const errors =
    Object.entries(codes).filter(([c]) => !c.startsWith('2')).reduce((n, [, k]) => n + k, 0) +
    Object.entries(r.errorDistribution ?? {}).filter(([e]) => !cutOff(e)).reduce((n, [, k]) => n + k, 0);
  return {
    name, read: read === '1', rate: rate === 'max' ? 'max' : `${rate}/s`,
    rps: r.summary.requestsPerSec, p50_ms: r.latencyPercentiles.p50 * 1000, p99_ms: r.latencyPercentiles.p99 * 1000, errors,
  };
}

switch (command) {
  case 'get':
    console.log(args[0].split('.').reduce((v, k) => v?.[/^\d+$/.test(k) ? Number(k) : k], stdin()));
    break;
  case 'row':
    console.log(JSON.stringify(row(stdin(), ...args)));
    break;
  case 'sum': {
    const [a, b] = args.slice(1).map((f) => JSON.parse(readFileSync(f, 'utf8')));
    console.log(JSON.stringify({
      name: args[0], read: true, rate: 'max', rps: a.rps + b.rps,
      p50_ms: Math.max(a.p50_ms, b.p50_ms), p99_ms: Math.max(a.p99_ms, b.p99_ms), errors: a.errors + b.errors,
    }));
    break;
  }
  default:
    console.error(`unknown command ${command}`);
    process.exit(2);
}
