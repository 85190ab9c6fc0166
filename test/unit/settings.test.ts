import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseJsonc } from '../../server/src/engine/jsonc';
import { DEFAULT_SETTINGS, RETARGET_VALUES, RULE_KEY_PATTERN, RULE_SETTING_VALUES, SETTING_KEYS, SETTING_SCOPES, TRACE_VALUES, TlsSettings, fromFlatSettings, parseSettings, retargetVersion } from '../../server/src/engine/settings';
import { REPO_ROOT, readJson } from '../support/engineHarness';

interface ManifestProperty {
  scope?: string;
  type?: string;
  default?: unknown;
  enum?: string[];
  minimum?: number;
  additionalProperties?: { type?: string; enum?: string[] };
  propertyNames?: { pattern?: string };
  markdownDescription?: string;
  description?: string;
}

const manifest = readJson<{ contributes: { configuration: { properties: Record<string, ManifestProperty> } } }>(join(REPO_ROOT, 'package.json'));
const properties = manifest.contributes.configuration.properties;

describe('settings: settings.ts is the one source of truth and package.json agrees', () => {
  it('the manifest declares exactly the settings of settings.ts', () => {
    assert.deepEqual(Object.keys(properties).sort(), Object.values(SETTING_KEYS).sort());
  });

  for (const key of Object.keys(SETTING_KEYS) as (keyof TlsSettings)[]) {
    it(`${SETTING_KEYS[key]}: default and scope match settings.ts`, () => {
      const p = properties[SETTING_KEYS[key]];
      assert.ok(p, `${SETTING_KEYS[key]} is missing from package.json`);
      assert.deepEqual(p.default, DEFAULT_SETTINGS[key]);
      assert.equal(p.scope, SETTING_SCOPES[key]);
      assert.match(p.markdownDescription ?? p.description ?? '', /^%[\w.]+%$/, 'the description is localized in package.nls.json');
    });
  }

  it('the value lists match: per-rule severities (off included) and trace levels', () => {
    assert.deepEqual(properties[SETTING_KEYS.rules]?.additionalProperties?.enum, [...RULE_SETTING_VALUES]);
    assert.equal(properties[SETTING_KEYS.rules]?.propertyNames?.pattern, RULE_KEY_PATTERN, 'the rule ids of both families, as settings.ts accepts them');
    assert.deepEqual(properties[SETTING_KEYS.traceServer]?.enum, [...TRACE_VALUES]);
    assert.deepEqual(properties[SETTING_KEYS.retargetTo]?.enum, [...RETARGET_VALUES]);
    assert.equal(properties[SETTING_KEYS.maxFileSizeKB]?.type, 'number');
    assert.equal(properties[SETTING_KEYS.exclude]?.type, 'array');
  });

  it('the native parser is not an editor setting (the VSIX ships no native binaries)', () => {
    assert.ok(!Object.keys(properties).some((k) => /parser/i.test(k)));
  });
});

describe('settings: parsing', () => {
  it('takes valid values, upper-cases rule ids, and reports what it rejects', () => {
    const problems: string[] = [];
    const s = parseSettings({ rules: { tls001: 'warning', TLS003: 'off', TLS004: 'loud' }, exclude: ['legacy/**', 3, ''], maxFileSizeKB: -1, trace: { server: 'verbose' } }, problems);
    assert.deepEqual(s.rules, { TLS001: 'warning', TLS003: 'off' });
    assert.deepEqual(s.exclude, ['legacy/**']);
    assert.equal(s.maxFileSizeKB, DEFAULT_SETTINGS.maxFileSizeKB);
    assert.equal(s.traceServer, 'verbose');
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /TLS004/);
    assert.match(problems[1] ?? '', /maxFileSizeKB/);
  });

  it('dynamicsTls.rules takes the ids of both families (TLS0xx, DYN1xx) in any case, and reports a key that is not a rule id', () => {
    const problems: string[] = [];
    const s = parseSettings({ rules: { dyn101: 'error', DYN102: 'off', TLS001: 'hint', TLS22: 'off', 'DYN-101': 'off', all: 'off' } }, problems);
    assert.deepEqual(s.rules, { DYN101: 'error', DYN102: 'off', TLS001: 'hint' });
    assert.deepEqual(problems.map((p) => /^dynamicsTls\.rules\.(\S+): not a rule id/.exec(p)?.[1]), ['TLS22', 'DYN-101', 'all']);
    const schema = new RegExp(RULE_KEY_PATTERN);
    assert.deepEqual(['TLS001', 'tls001', 'DYN101', 'dyn199', 'TLS22', 'DYN1011', 'XYZ101'].map((k) => schema.test(k)), [true, true, true, true, false, false, false]);
  });

  it('dynamicsTls.retargetTo: 4.8 by default, the four versions accepted, anything else reported and replaced by 4.8', () => {
    assert.equal(parseSettings(undefined).retargetTo, '4.8');
    assert.deepEqual(RETARGET_VALUES.map((v) => retargetVersion(parseSettings({ retargetTo: v }))), [40602, 40702, 40800, 40801]);
    for (const bad of ['4.5.2', 'net48', 4.8, '']) {
      const problems: string[] = [];
      assert.equal(parseSettings({ retargetTo: bad }, problems).retargetTo, '4.8');
      assert.deepEqual(problems, [`dynamicsTls.retargetTo: "${String(bad)}" is not 4.6.2, 4.7.2, 4.8, 4.8.1; using 4.8`]);
    }
    assert.equal(parseSettings(fromFlatSettings({ 'dynamicsTls.retargetTo': '4.6.2' })).retargetTo, '4.6.2');
  });

  it('defaults for missing or non-object input, and a copy each time (never a shared mutable default)', () => {
    const a = parseSettings(undefined);
    a.exclude.push('x');
    assert.deepEqual(parseSettings(null), DEFAULT_SETTINGS);
  });

  it('reads flat and nested dynamicsTls keys of a settings.json', () => {
    const nested = fromFlatSettings({ 'dynamicsTls.rules': { TLS001: 'hint' }, 'dynamicsTls.trace.server': 'messages', 'editor.tabSize': 2 });
    assert.deepEqual(parseSettings(nested).rules, { TLS001: 'hint' });
    assert.equal(parseSettings(nested).traceServer, 'messages');
    assert.deepEqual(parseSettings(fromFlatSettings({ dynamicsTls: { maxFileSizeKB: 12 } })).maxFileSizeKB, 12);
  });

  it('parses JSONC as VS Code writes it: comments, trailing commas, // inside strings', () => {
    const text = '\uFEFF{\n  // line\n  "a": "https://x/y", /* block */\n  "b": [1, 2,],\n  "c": "say \\"//\\"",\n}\n';
    assert.deepEqual(parseJsonc(text), { a: 'https://x/y', b: [1, 2], c: 'say "//"' });
    assert.throws(() => parseJsonc('{ "a": }'), SyntaxError);
  });
});

/** A workspace with two 4.5.2 console projects (TLS001 each), one under legacy/. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'dtls-settings-'));
  const project = (tfv: string): string =>
    `<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFrameworkVersion>${tfv}</TargetFrameworkVersion>\n  </PropertyGroup>\n</Project>\n`;
  for (const dir of ['App', 'legacy/Old']) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, `${dir.split('/').pop() ?? 'x'}.csproj`), project('v4.5.2'));
  }
  return root;
}

function scan(root: string, extra: string[] = []): { code: number | null; findings: { ruleId: string; severity: string; path: string }[]; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'scan', root, '--format', 'json', ...extra], { encoding: 'utf8' });
  const json = JSON.parse(r.stdout || '{"findings":[]}') as { findings: { ruleId: string; severity: string; path: string }[] };
  return { code: r.status, findings: json.findings.filter((f) => f.ruleId === 'TLS001'), stderr: r.stderr };
}

describe('settings: the CLI honours them like the editor (dist/cli.js)', () => {
  it('without settings both projects have TLS001', () => {
    const root = workspace();
    assert.equal(scan(root).findings.length, 2);
  });

  it('.vscode/settings.json: exclude globs, a severity override, with JSONC comments', () => {
    const root = workspace();
    mkdirSync(join(root, '.vscode'));
    writeFileSync(join(root, '.vscode', 'settings.json'), '{\n  // as the editor writes it\n  "dynamicsTls.exclude": ["legacy/**"],\n  "dynamicsTls.rules": { "TLS001": "hint" },\n}\n');
    const r = scan(root);
    assert.deepEqual(r.findings.map((f) => [f.path.replace(/\\/g, '/').split('/').slice(-2).join('/'), f.severity]), [['App/App.csproj', 'hint']]);
  });

  it('--config: "off" removes the rule; maxFileSizeKB skips larger files', () => {
    const root = workspace();
    const off = join(root, 'off.json');
    writeFileSync(off, JSON.stringify({ 'dynamicsTls.rules': { TLS001: 'off' } }));
    assert.equal(scan(root, ['--config', off]).findings.length, 0);
    const tiny = join(root, 'tiny.json');
    writeFileSync(tiny, JSON.stringify({ dynamicsTls: { maxFileSizeKB: 0.1 } }));
    assert.equal(scan(root, ['--config', tiny]).findings.length, 0);
  });

  it('--config with a file that does not parse is a usage error (exit 2)', () => {
    const root = workspace();
    const bad = join(root, 'bad.json');
    writeFileSync(bad, '{ "dynamicsTls.rules": ');
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'scan', root, '--config', bad], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read settings/);
  });
});
