import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hostileDocuments } from '../support/hostileDocuments';
import { runCli } from './cliRunner';

describe('CLI: issue 18’s documents end in a report, never a crash or a hang', () => {
  it('scans a folder holding all of them: findings (exit 0/1), no stack trace, in seconds', () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-cli-budget-'));
    for (const [i, doc] of hostileDocuments().entries()) {
      mkdirSync(join(ws, `d${i}`));
      writeFileSync(join(ws, `d${i}`, doc.file), doc.text);
    }
    const t0 = Date.now();
    const r = runCli(['scan', ws, '--format', 'json']);
    assert.ok(Date.now() - t0 < 30_000, `took ${Date.now() - t0} ms`);
    assert.doesNotMatch(r.stderr, /RangeError|internal error|\n\s+at /);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] };
    const tooComplex = out.findings.filter((f) => /too complex to analyse/.test(f.message)).map((f) => f.ruleId).sort();
    assert.deepEqual(tooComplex, ['TLS005', 'TLS005', 'TLS020', 'TLS041']);
  });
});
