import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findErrors, normaliseLine } from '../../server/src/engine/explain/match';
import { explanationMarkdown, signatureMarkdown, toExplainJson } from '../../server/src/engine/explain/render';
import { SIGNATURES } from '../../server/src/engine/explain/signatures';
import { RULES } from '../../server/src/engine/rules/registry';
import { REPO_ROOT } from '../support/engineHarness';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'explain');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** `[1-based line, id]` pairs, the shape the JSON contract reports. */
function found(text: string): [number, string][] {
  return findErrors(text).map((m) => [m.line + 1, m.signature.id]);
}

describe('explain: the documented error blocks', () => {
  it('the connector trace: the token error, nothing in its stack trace', () => {
    assert.deepEqual(found(fixture('connector-trace.log')), [[2, 'crm-token-request']]);
  });

  it('the developer tools block: the closed connection and the reset under it, despite the padding', () => {
    assert.deepEqual(found(fixture('developer-tools.txt')), [
      [4, 'underlying-connection-send'],
      [11, 'forcibly-closed'],
    ]);
  });

  it("the browser page: typographic apostrophe, its second line not reported again", () => {
    assert.deepEqual(found(fixture('browser.txt')), [[1, 'browser-tls']]);
  });

  it('the browser page second line pasted alone is reported', () => {
    assert.deepEqual(found('This might be because the site uses outdated or unsafe TLS security settings.'), [[1, 'browser-tls']]);
  });
});

describe('explain: messages buried in a noisy log', () => {
  const text = fixture('integration-noisy.log');
  const lines = text.split('\n');
  const lineOf = (needle: string, from = 0): number => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;

  it('finds every buried error (one-line stack traces, a German message, an escaped JSON line break, a hard wrap) and nothing else', () => {
    const wcf = lineOf('SecurityNegotiationException');
    const german = lineOf('Die zugrunde liegende');
    const json = lineOf('"level":"error"');
    const sspi = lineOf('A call to SSPI failed');
    const hresult = lineOf('0x80090331');
    const wrapped = lineOf('Contoso.Sync.Legacy');
    assert.ok(wcf > 0 && german > 0 && json > 0 && sspi > 0 && hresult > 0 && wrapped > 0);
    assert.deepEqual(found(text), [
      [wcf, 'underlying-connection-send'],
      [wcf, 'secure-channel'],
      [wcf, 'transport-stream-closed'],
      [german, 'underlying-connection-send'],
      [german, 'forcibly-closed'],
      [json, 'underlying-connection-send'],
      [sspi, 'no-common-algorithm'],
      [sspi, 'sspi-failed'],
      [hresult, 'no-common-algorithm'],
      [wrapped, 'secure-channel'],
    ]);
    const wrap = findErrors(text).find((m) => m.line + 1 === wrapped);
    assert.equal(wrap?.wrapped, true);
  });

  it('the same service on a good day (TLS, SSL, closed connections, failed authentication all mentioned): nothing', () => {
    assert.deepEqual(found(fixture('integration-clean.log')), []);
  });

  it('ordinary PowerShell output with IsReady False and a null-valued call but no CRM connection: nothing', () => {
    assert.deepEqual(found(fixture('ordinary-powershell.txt')), []);
  });
});

describe('explain: Get-CrmConnection', () => {
  it('a transcript: the not-ready connection, its LastCrmError, the null call after it and the cmdlet error', () => {
    const text = fixture('powershell-transcript.txt');
    assert.deepEqual(found(text), [
      [10, 'crm-connection-not-ready'],
      [11, 'crm-connection-not-ready'],
      [14, 'crm-connection-not-ready'],
      [17, 'crm-connection-not-ready'],
    ]);
  });

  it('a null-valued call far below the connection (more than 12 lines) is not attributed to it', () => {
    const text = ['$conn = Get-CrmConnection -InteractiveMode', ...Array.from({ length: 13 }, (_, i) => `Write-Host step ${i}`), 'You cannot call a method on a null-valued expression.'].join('\n');
    assert.deepEqual(found(text), []);
  });
});

describe('explain: robustness', () => {
  it('case, whitespace runs, tabs and no-break spaces do not matter', () => {
    assert.deepEqual(found('ERROR:\tTHE  UNDERLYING\u00a0CONNECTION WAS CLOSED:   an unexpected ERROR occurred on a SEND'), [[1, 'underlying-connection-send']]);
  });

  it('a message wrapped at a space over two lines is reported on its first line, once', () => {
    assert.deepEqual(found('warn: start\nfail: The underlying connection was closed:\n      An unexpected error occurred on a send.\ninfo: done'), [[2, 'underlying-connection-send']]);
  });

  it('localised prefixes and French and German messages', () => {
    assert.deepEqual(found("Ausnahme: Es konnte kein geschützter SSL/TLS-Kanal erstellt werden.\nErreur : La demande a été abandonnée : Impossible de créer un canal sécurisé SSL/TLS."), [
      [1, 'secure-channel'],
      [2, 'secure-channel'],
    ]);
  });

  it('the HRESULT as a signed decimal and the SCHANNEL constant name', () => {
    assert.deepEqual(found('HResult=-2146893007\nstatus SEC_E_ALGORITHM_MISMATCH'), [
      [1, 'no-common-algorithm'],
      [2, 'no-common-algorithm'],
    ]);
  });

  it('near misses are not matches: parts of phrases, other resets, other hex codes', () => {
    const text = [
      'The underlying connection was closed: The connection was closed unexpectedly.',
      'Could not create the SSL context for the test runner',
      'the client and server agreed on a common algorithm',
      'error 0x80090330 while decrypting',
      'A call to the SSPI provider succeeded',
      'Connection reset by peer',
      'token request from the authentication context succeeded',
    ].join('\n');
    assert.deepEqual(found(text), []);
  });

  it('empty text, a lone line break and a very long line without errors: nothing, each line after one expression test', () => {
    assert.deepEqual(found(''), []);
    assert.deepEqual(found('\r\n'), []);
    const tests = { count: 0 };
    const test = RegExp.prototype.test;
    RegExp.prototype.test = function counted(this: RegExp, s: string): boolean {
      tests.count++;
      return test.call(this, s);
    };
    try {
      assert.deepEqual(found('x'.repeat(2_000_000)), []);
    } finally {
      RegExp.prototype.test = test;
    }
    assert.equal(tests.count, 1, 'one test of all the phrases for the line');
  });

  it('no phrase can backtrack without bound: no quantified group holds a quantifier (matching stays linear on long lines)', () => {
    const quantifiedInside = /\((?:[^()\\]|\\.)*(?:[*+?]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)(?:[*+]|\{\d+,\d*\})/;
    const sources = SIGNATURES.flatMap((s) => [...s.phrases, ...(s.context ? [...s.context.phrases, s.context.pattern] : []), ...(s.continuation?.phrases ?? [])]);
    assert.ok(sources.length > 20);
    assert.deepEqual(sources.filter((p) => quantifiedInside.test(p)), []);
    assert.ok(quantifiedInside.test('(a+)+b') && quantifiedInside.test('(x\\s*y)*'), 'the check itself finds nested quantifiers');
  });

  it('normaliseLine: apostrophes, escaped line breaks and whitespace runs', () => {
    assert.equal(normaliseLine('Can\u2019t\\r\\nGo  \tOn'), "can't go on");
  });
});

describe('explain: the table and its rendering', () => {
  it('every signature has a unique id, a cause, checks, a fix, and rule ids that exist and that its checks name', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    const seen = new Set<string>();
    for (const s of SIGNATURES) {
      assert.ok(!seen.has(s.id), s.id);
      seen.add(s.id);
      assert.ok(s.cause.length > 40 && s.fix.length > 40 && s.checks.length > 0, s.id);
      for (const r of s.rules) {
        assert.ok(ids.has(r), `${s.id} names unknown rule ${r}`);
      }
      const named = new Set([...s.checks.join(' ').matchAll(/(?:TLS|DYN)\d{3}/g)].map((m) => m[0]));
      assert.ok(s.rules.some((r) => named.has(r)), `${s.id}: no check names one of its rules`);
    }
  });

  it('JSON: 1-based lines, the signature id, cause and fix', () => {
    const json = toExplainJson(findErrors('ok\nA call to SSPI failed, see inner exception.'));
    const sspi = SIGNATURES.find((s) => s.id === 'sspi-failed');
    assert.deepEqual(json, { matches: [{ line: 2, id: 'sspi-failed', cause: sspi?.cause, fix: sspi?.fix }] });
  });

  it('Markdown: log text is escaped, rule ids link to their pages, each signature explained once', () => {
    const text = '<b>*x*</b> An existing connection was forcibly closed by the remote host\nAn existing connection was forcibly closed by the remote host';
    const md = explanationMarkdown(findErrors(text), text);
    assert.match(md, /\\<b\\>\\\*x\\\*\\<\/b\\>/);
    assert.equal(md.split('**Likely cause.**').length, 2);
    assert.match(md, /\[TLS001\]\(https:\/\/[^)]+\/docs\/rules\/TLS001\.md\)/);
    assert.match(signatureMarkdown(SIGNATURES[0]!), /\*\*Fix\.\*\*/);
    assert.match(explanationMarkdown([], 'nothing'), /No known TLS connection error/);
  });
});
