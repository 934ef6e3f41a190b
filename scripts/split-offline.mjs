// Lists the files the offline screens' chunks need, for the service worker to keep ahead of
// time, and writes them to <build dir>/offline.json. Which screens work offline and which chunk
// each lives in is read from src/lazy.rs (Screen::OFFLINE and the lazy_screens! table), the
// files each chunk needs from the chunk loader wasm-split-cli wrote (__wasm_split.js).
// Usage: node scripts/split-offline.mjs <build dir>
import { readFileSync, writeFileSync } from 'node:fs';

const [dir] = process.argv.slice(2);
const lazy = readFileSync(new URL('../src/lazy.rs', import.meta.url), 'utf8');
const table = lazy.slice(lazy.indexOf('lazy_screens! {'));
const chunkOf = new Map([...table.matchAll(/^\s*(\w+) => (\w+): view!/gm)].map((m) => [m[1], m[2]]));
const offline = lazy.match(/pub const OFFLINE: &'static \[Screen\] =\s*&\[([^\]]*)\]/);
if (!offline) throw new Error('no Screen::OFFLINE in src/lazy.rs');
const chunks = [...new Set([...offline[1].matchAll(/Screen::(\w+)/g)].map((m) => {
  if (!chunkOf.has(m[1])) throw new Error(`Screen::${m[1]} is not in the lazy_screens! table`);
  return chunkOf.get(m[1]);
}))];
const js = readFileSync(`${dir}/__wasm_split.js`, 'utf8');
// Shared code: `const __chunk_N = makeLoad(() => { … fetch(new URL("./chunk_N_….wasm" …`.
const shared = new Map();
for (const m of js.matchAll(/const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/([^"]+\.wasm)"/g)) shared.set(m[1], m[2]);
// One loader per chunk: `export const __wasm_split_load_<name> = wrapAsyncCb(makeLoad(<fetch>, [deps]))`.
const files = new Set();
for (const name of chunks) {
  const start = js.indexOf(`export const __wasm_split_load_${name} =`);
  if (start < 0) throw new Error(`no loader for chunk "${name}" in ${dir}/__wasm_split.js`);
  const end = js.indexOf('export const', start + 1);
  const body = js.slice(start, end < 0 ? undefined : end);
  const own = body.match(/"\.\/([^"]+\.wasm)"/);
  if (own) files.add(own[1]);
  const deps = body.match(/\[([^\]]*)\]\)\)\s*;?\s*$/);
  for (const dep of (deps ? deps[1] : '').split(',').map((d) => d.trim()).filter(Boolean)) {
    if (!shared.has(dep)) throw new Error(`unknown shared chunk ${dep}`);
    files.add(shared.get(dep));
  }
}
writeFileSync(`${dir}/offline.json`, JSON.stringify([...files].sort()) + '\n');
console.error(`offline chunks: ${[...files].sort().join(' ')}`);
