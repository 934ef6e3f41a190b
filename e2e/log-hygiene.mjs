// Reads the server log of a whole e2e run and fails if any log line carries personal data or
// a secret: a phone number, a 256-bit token or code (64 hex), the demo login code, a member's
// name or text OCR read off a prescription. The start-up banner (dev mode prints the demo
// logins on purpose) is not a log line and is skipped.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
const forbidden = [
  ['phone number', /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/],
  ['token or code (64 hex)', /[0-9a-f]{64}/i],
  ['demo login code', /246810/],
  ['member name', /张桂兰|王秀英|李建国|赵新华|钱守义|孙立|Li Wei/],
  ['prescription text', /氨氯地平|二甲双胍|人民医院|处方笺|心内科|李明|王芳/],
];
let found = 0;
for (const [what, re] of forbidden) {
  const hits = lines.filter((l) => re.test(l));
  if (hits.length) {
    found += hits.length;
    console.log(`FAIL ${what}: ${hits.length} log lines, e.g. ${hits[0].slice(0, 200)}`);
  }
}
const requests = lines.filter((l) => l.includes('finished processing request')).length;
console.log(`log hygiene: ${lines.length} log lines, ${requests} requests, ${found} with personal data or secrets`);
if (requests < 100) {
  console.log('FAIL the log holds too few requests to vouch for a full run');
  process.exit(1);
}
process.exit(found ? 1 : 0);
