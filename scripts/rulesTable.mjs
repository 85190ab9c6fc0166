// Generates the README's rules table from the rule registry (the only list of rules), between the generated-section
// markers. `node scripts/rulesTable.mjs` rewrites README.md; `--check` exits 1 when README.md is out of date.
// Reads the compiled registry (out/), so run it after `npm run build`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { RULES } = require(join(root, 'out', 'server', 'src', 'engine', 'rules', 'registry.js'));

export const BEGIN = '<!-- BEGIN generated: rules table (scripts/rulesTable.mjs, from the rule registry; do not edit by hand) -->';
export const END = '<!-- END generated: rules table -->';

const escapeCell = (text) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The Markdown table of every registered rule: id (linked to its page), title, default severity, safe fix. */
export function renderRulesTable(rules = RULES) {
  const rows = rules.map(
    (r) => `| [${r.meta.id}](docs/rules/${r.meta.id}.md) | ${escapeCell(r.meta.title)} | ${r.meta.defaultSeverity} | ${r.meta.hasSafeFix ? 'yes' : '—'} |`,
  );
  return ['| rule | finds | default severity | safe fix |', '|---|---|---|---|', ...rows].join('\n');
}

/** README text with the generated section replaced (markers appended at the end when missing). */
export function withRulesTable(readme) {
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  const section = [BEGIN, renderRulesTable(), END].join('\n').replace(/\n/g, eol);
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    return `${readme.replace(/\s*$/, '')}${eol}${eol}${section}${eol}`;
  }
  return readme.slice(0, start) + section + readme.slice(end + END.length);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const next = withRulesTable(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('README.md: the rules table is out of date; run `npm run docs:rules`\n');
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(path, next);
    process.stdout.write(`README.md: rules table updated (${RULES.length} rules)\n`);
  }
}
