// Sums a twiggy CSV listing (stdin) by crate: the eight biggest, as JSON [[crate, bytes], …].
import { readFileSync } from 'node:fs';

const [header, ...rows] = readFileSync(0, 'utf8').trim().split('\n');
const cols = header.split(',');
const nameAt = cols.indexOf('Name');
const sizeAt = cols.indexOf('ShallowSize');
const sum = new Map();
for (const row of rows) {
  // Names may hold commas inside quotes: the size columns come before the name.
  const parts = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((p) => p.replace(/,$/, '').replace(/^"|"$/g, ''));
  const name = parts[nameAt] ?? '';
  if (/section|^data segment|^export |^import |^elem/.test(name)) continue;
  // Crates built from source (std, with build-std) carry a hash: core[c5930c85a12de822]::.
  const m = name.match(/^[<&(\s]*(?:mut\s+|dyn\s+)*([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  const crate = m ? m[1] : '(generic impls)';
  sum.set(crate, (sum.get(crate) ?? 0) + Number(parts[sizeAt]));
}
console.log(JSON.stringify([...sum].sort((a, b) => b[1] - a[1]).slice(0, 8)));
