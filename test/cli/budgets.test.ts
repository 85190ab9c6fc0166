import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hostileDocuments } from '../support/hostileDocuments';
import { runCli } from './cliRunner';

describe('CLI: issue 18’s documents end in a report, never a crash or a hang', () => {
  it('scans a folder holding all of them: findings (exit 0/1), no stack trace, each stopped at the bound it names', () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-cli-budget-'));
    const docs = hostileDocuments();
    for (const [i, doc] of docs.entries()) {
      mkdirSync(join(ws, `d${i}`));
      writeFileSync(join(ws, `d${i}`, doc.file), doc.text);
    }
    const r = runCli(['scan', ws, '--format', 'json']);
    assert.doesNotMatch(r.stderr, /RangeError|internal error|\n\s+at /);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[]; skipped: { reason: string }[] };
    const tooComplex = out.findings.filter((f) => /too complex to analyse/.test(f.message)).map((f) => f.ruleId).sort();
    assert.deepEqual(tooComplex, ['TLS005', 'TLS005', 'TLS020', 'TLS041']);
    const said = [...out.findings.map((f) => f.message), ...out.skipped.map((s) => s.reason)];
    for (const doc of docs) {
      assert.ok(doc.said === undefined || said.some((m) => m.includes(doc.said ?? '')), `${doc.name}: "${doc.said}" in ${JSON.stringify(said)}`);
    }
  });
});
