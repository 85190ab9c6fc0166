import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeChecklistItem, probeSection } from '../../client/src/report/probeSection';
import { probeMarkdownSection, toProbeText } from '../../server/src/engine/probe/probeFormats';
import { ProbeRecord, ProbeRun } from '../../server/src/engine/probe/probeResult';

const hostile = 'CN=<img src=x onerror=alert(1)>\u202e|evil';

function record(endpoint: string, verdict: ProbeRecord['probe']['verdict'], probedAt: string): ProbeRecord {
  return {
    probe: {
      endpoint,
      reachable: true,
      error: null,
      versions: { TLSv1: verdict === 'warning', 'TLSv1.1': false, 'TLSv1.2': verdict !== 'error', 'TLSv1.3': false },
      cipher: 'TLS_AES_128_GCM_SHA256',
      certificate: { subject: hostile, issuer: hostile, root: hostile, validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z', expired: false, trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      verdict,
    },
    probedAt,
    sources: [{ path: '/w/app.config', line: 3, column: 10, length: 20 }],
    reasons: ['because'],
  };
}

describe('probe results in the report and its formats', () => {
  const run: ProbeRun = { records: [record('a.contoso.local:443', 'warning', '2026-12-07T04:00:00.000Z'), record('b.contoso.local:443', 'error', '2026-12-07T04:00:01.000Z')], cancelled: true };

  it('renders a row per endpoint with when it was probed and where it was found, escaping the server-supplied certificate text', () => {
    const html = probeSection({ run, baseDir: '/w' });
    assert.match(html, /<h2>Endpoints probed \(1 error, 1 warning\)<\/h2><p class="note">The probe was cancelled/);
    assert.ok(html.includes('<td class="probed-at">2026-12-07T04:00:01.000Z</td>'));
    assert.ok(html.includes('found at app.config:4'));
    assert.ok(!html.includes('<img'), 'certificate text is escaped');
    assert.equal(probeSection(undefined), '');
  });

  it('adds a checklist line, unticked while an endpoint fails, with the last probe time', () => {
    assert.match(probeChecklistItem({ run, baseDir: undefined }), /<input type="checkbox" disabled><span><strong>Endpoints accept TLS 1\.2 \(probe results\)<\/strong><span class="detail">1 of 2 probed endpoint\(s\) cannot be reached over TLS 1\.2 or later \(probed 2026-12-07T04:00:01\.000Z\)/);
    assert.equal(probeChecklistItem(undefined), '');
  });

  it('Markdown and text carry the probe times and never a raw control or bidi character', () => {
    const md = probeMarkdownSection(run, '/w');
    assert.ok(md.includes('| a.contoso.local:443 | 2026-12-07T04:00:00.000Z | yes | no | yes | no |'));
    assert.ok(md.includes('(found at app.config:4:11)'));
    const text = toProbeText(run, '/w');
    for (const out of [md, text]) {
      assert.ok(!out.includes('\u202e'), 'the bidi override is written as an escape');
      assert.ok(out.includes('\\u202e'));
    }
    assert.match(text, /probed at 2026-12-07T04:00:00\.000Z/);
  });
});
