import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toSarif } from '../../server/src/engine/report/formats/sarif';
import { HOMEPAGE, TOOL_VERSION, ruleDocsUrl } from '../../server/src/engine/model/docs';
import { RULES } from '../../server/src/engine/rules/registry';
import { SETTING_KEYS } from '../../server/src/engine/settings';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { REPO_ROOT, readJson } from '../support/engineHarness';

/** The sections every rule page has (DEVELOPING.md "Adding a rule"): what, why, bad/good, the fix, when to suppress. */
const REQUIRED_SECTIONS = ['What it finds', 'Why', 'Bad', 'Good', 'The fix', 'When to suppress'];

const manifest = readJson<{ homepage: string; version: string }>(join(REPO_ROOT, 'package.json'));

/** The `## ` headings of a Markdown page, outside fenced code blocks. */
function headings(markdown: string): string[] {
  let fenced = false;
  const out: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
    } else if (!fenced && line.startsWith('## ')) {
      out.push(line.slice(3).trim());
    }
  }
  return out;
}

/** The body of a section: the lines from its heading to the next `## ` heading. */
function section(markdown: string, name: string): string {
  const match = new RegExp(`^## ${name}\\s*$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(markdown);
  return match?.[1]?.trim() ?? '';
}

describe('rule documentation', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    const page = join(REPO_ROOT, 'docs', 'rules', `${id}.md`);
    it(`${id} has docs/rules/${id}.md with every required section`, () => {
      assert.ok(existsSync(page), `docs/rules/${id}.md is missing: every registered rule needs its page`);
      const text = readFileSync(page, 'utf8');
      assert.match(text.split(/\r?\n/)[0] ?? '', new RegExp(`^# ${id}\\b`), `the page starts with "# ${id} — <title>"`);
      const found = headings(text).map((h) => h.toLowerCase());
      for (const name of REQUIRED_SECTIONS) {
        assert.ok(found.includes(name.toLowerCase()), `docs/rules/${id}.md lacks the section "## ${name}"`);
        assert.ok(section(text, name).length > 0, `the section "## ${name}" of docs/rules/${id}.md is empty`);
      }
      assert.match(section(text, 'Bad'), /```/, 'the Bad section shows an example in a code block');
      assert.match(section(text, 'Good'), /```/, 'the Good section shows an example in a code block');
    });
  }

  it('docs links: diagnostics codeDescription.href and SARIF helpUri are <homepage>/docs/rules/<ID>.md', () => {
    const sarif = toSarif([], REPO_ROOT, TOOL_VERSION) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
    const sarifRules = sarif.runs[0]?.tool.driver.rules ?? [];
    assert.equal(sarifRules.length, RULES.length);
    for (const rule of RULES) {
      const expected = `${manifest.homepage}/docs/rules/${rule.meta.id}.md`;
      assert.equal(ruleDocsUrl(rule.meta.id), expected);
      assert.equal(sarifRules.find((r) => r.id === rule.meta.id)?.helpUri, expected);
      const diagnostic = toDiagnostic({
        ruleId: rule.meta.id,
        severity: rule.meta.defaultSeverity,
        message: 'm',
        path: '/w/a.cs',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        fixes: [],
        related: [],
      });
      assert.equal(diagnostic.codeDescription?.href, expected);
      assert.equal(diagnostic.code, rule.meta.id);
    }
  });

  it('HOMEPAGE and TOOL_VERSION in server/src/engine/model/docs.ts equal package.json homepage and version', () => {
    assert.equal(HOMEPAGE, manifest.homepage);
    assert.equal(TOOL_VERSION, manifest.version);
  });

  it('README.md: the rules table is the one generated from the registry (npm run docs:rules)', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'rulesTable.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const rule of RULES) {
      assert.ok(readme.includes(`[${rule.meta.id}](docs/rules/${rule.meta.id}.md)`), `README lists ${rule.meta.id}`);
    }
  });

  it('README.md documents every setting, the suppression syntax of each language, and fix on save', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const key of Object.values(SETTING_KEYS)) {
      assert.ok(readme.includes(`\`${key}\``), `README documents ${key}`);
    }
    for (const comment of ['// tls-readiness-disable-next-line', '# tls-readiness-disable-next-line', '<!-- tls-readiness-disable-next-line', '; tls-readiness-disable-next-line']) {
      assert.ok(readme.includes(comment), `README shows ${comment}`);
    }
    assert.ok(readme.includes('source.fixAll.dynamicsTls'));
  });
});
