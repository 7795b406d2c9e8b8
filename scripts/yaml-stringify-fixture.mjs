// Writes tests/fixtures/yaml-stringify.{yaml,json}: random strings as the reference app's
// `yaml` library (v2, `YAML.stringify` with default options) writes them, and the same
// data as JSON. src/domain/formats/yaml_lite.rs checks that it reads the YAML back to the JSON.
// Strings that the library itself does not read back unchanged from the UTF-8 file (it folds
// some more-indented lines of `>` blocks, which YAML 1.2 keeps, and may split an emoji's
// surrogate pair at a fold) are replaced until every one round-trips.
// Not part of the build; to regenerate:
//   npm install --no-save yaml@2.9.1 && node scripts/yaml-stringify-fixture.mjs
import { writeFileSync } from 'node:fs';
import YAML from 'yaml';

// A small seeded generator (mulberry32), so the fixture is reproducible.
let seed = 20260301;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const WORDS = ['pipeline', 'SAST', 'stage', 'a', 'reviewed', 'Jenkinsfile', 'é', '🚀', 'x:y',
  'key:', 'it\'s', '"quoted"', '#tag', 'a#b', '-', '--', '...', '---', '[x]', '{y}', '50%',
  '@at', '`tick`', 'back\\slash', 'tab\there', 'nbsp\u00a0x', 'ctl\u0001x', '5.10', 'null',
  'true', '~', '|', '>', '!', '&a', '*b', '?', ':'];
const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(pick([' ', ' ', ' ', '  ']));
const line = () => (rand() < 0.2 ? ' '.repeat(int(1, 4)) : '') + words(int(1, 18)) + (rand() < 0.1 ? ' ' : '');

// Words that leave a long line plain, so that it is folded unquoted.
const PLAIN = ['pipeline', 'SAST', 'stage', 'a', 'reviewed', 'Jenkinsfile', 'é', '🚀', 'x:y',
  'a#b', 'it\'s', '50%', '--', 'tab\there', 'nbsp\u00a0x', '5.10', 'b-c', '(d)', 'e,f'];
const plain = (n) => Array.from({ length: n }, () => pick(PLAIN)).join(' ');

function text() {
  const r = rand();
  if (r < 0.2) return words(int(1, 30)); // one line, often long enough to fold
  if (r < 0.35) return plain(int(8, 40));
  if (r < 0.45) return pick(['- x', '? x', '#x', ' lead', 'trail ', '', ' ', 'a: b', 'a #b', '%x',
    '@x', '`x`', '!x', '&x', '*x', '|x', '>x', '[x', '{x', '"x', '\'x', 'x\'', '5.10', 'null']);
  // Several lines: paragraphs, more indented lines, blank lines, line breaks at the ends.
  const lines = Array.from({ length: int(2, 6) }, () => (rand() < 0.2 ? '' : line()));
  return (rand() < 0.15 ? '\n'.repeat(int(1, 2)) : '') + lines.join('\n') +
    '\n'.repeat(pick([0, 0, 1, 1, 2, 3]));
}

const entry = (i) => ({
  id: `id-${i}`,
  teams: Array.from({ length: int(1, 3) }, text),
  title: text(),
  description: text(),
  evidenceRecorded: '2026-03-01',
  attachment: [{ type: 'link', externalLink: text() }],
});
const data = {
  evidence: {
    'f6f7737f-25a9-4317-8de2-09bf59f29b5b': Array.from({ length: 12 }, (_, i) => entry(i)),
  },
  list: Array.from({ length: 20 }, text),
  deep: { a: { b: { c: { d: Array.from({ length: 10 }, text) } } } },
};

// Replaces the strings that do not survive YAML.stringify → YAML.parse in the library itself.
function mend(value, back) {
  let bad = 0;
  for (const k of Object.keys(value)) {
    if (typeof value[k] === 'string') {
      if (value[k] !== back[k]) {
        value[k] = text();
        bad += 1;
      }
    } else bad += mend(value[k], back[k]);
  }
  return bad;
}
let replaced = 0;
for (let bad = 1; bad > 0; replaced += bad) {
  bad = mend(data, YAML.parse(Buffer.from(YAML.stringify(data)).toString()));
}
console.log(`replaced ${replaced} strings that the library does not read back`);
writeFileSync('tests/fixtures/yaml-stringify.yaml', YAML.stringify(data));
writeFileSync('tests/fixtures/yaml-stringify.json', JSON.stringify(data, null, 1) + '\n');
