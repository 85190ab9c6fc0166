import { relativePath } from '../project/paths';
import { escapeMarkdown } from '../report/formats/markdown';
import { escapeForDisplay } from '../text/displayEscape';
import { EndpointProbe, EndpointSource, ProbeRecord, ProbeRun, ProbeVerdict, TLS_VERSIONS, versionLabel } from './probeResult';

/** The JSON contract: `{"endpoints":[…]}` with exactly the documented keys per endpoint. */
export function toProbeJson(run: ProbeRun): string {
  const endpoints: EndpointProbe[] = run.records.map(({ probe: p }) => ({
    endpoint: p.endpoint,
    reachable: p.reachable,
    error: p.error,
    versions: p.versions,
    cipher: p.cipher,
    certificate: p.certificate,
    verdict: p.verdict,
  }));
  return JSON.stringify({ endpoints }, null, 2) + '\n';
}

/** Counts of verdicts, worst first, e.g. "1 error, 2 ok". */
export function verdictCounts(records: readonly ProbeRecord[]): string {
  const order: ProbeVerdict[] = ['error', 'warning', 'note', 'ok'];
  const counts = order.map((v) => [v, records.filter((r) => r.probe.verdict === v).length] as const).filter(([, n]) => n > 0);
  return counts.length ? counts.map(([v, n]) => `${n} ${v}`).join(', ') : 'nothing probed';
}

/** One line naming a certificate: subject, issuer, root, expiry, trust. */
export function certificateLine(p: EndpointProbe): string {
  const c = p.certificate;
  if (!c) {
    return 'no certificate';
  }
  const trust = c.trusted ? 'trusted' : `not trusted (${c.trustError ?? 'unknown reason'})`;
  return `${c.subject}, issued by ${c.issuer} (root ${c.root}), ${c.expired ? 'expired' : 'valid until'} ${c.validTo.slice(0, 10)}, ${trust}`;
}

function sourceText(s: EndpointSource, baseDir: string | undefined): string {
  return `${baseDir ? relativePath(baseDir, s.path) : s.path}:${s.line + 1}:${s.column + 1}`;
}

/** The human-readable report: one block per endpoint (verdict and reasons, versions, cipher, certificate, when, where). */
export function toProbeText(run: ProbeRun, baseDir?: string): string {
  const out: string[] = [];
  for (const r of run.records) {
    const p = r.probe;
    out.push(`${escapeForDisplay(p.endpoint)}  ${p.verdict} — ${escapeForDisplay(r.reasons.join('; '))}`);
    if (p.reachable) {
      out.push(`  ${TLS_VERSIONS.map((v) => `${versionLabel(v)} ${p.versions[v] ? 'yes' : 'no'}`).join('  ')}`);
      out.push(`  cipher: ${p.cipher ?? 'none'}`, `  certificate: ${escapeForDisplay(certificateLine(p))}`);
    }
    for (const s of r.sources) {
      out.push(`  found at ${escapeForDisplay(sourceText(s, baseDir))}`);
    }
    out.push(`  probed at ${r.probedAt}`, '');
  }
  out.push(`${run.records.length} endpoint(s): ${verdictCounts(run.records)}${run.cancelled ? ' (cancelled before every endpoint was probed)' : ''}.`);
  return out.join('\n') + '\n';
}

/**
 * The Markdown section both the CLI (`probe --format markdown`) and the editor's report export write: a table with when
 * each probe ran, then each endpoint's reasons and where `--from` found it.
 */
export function probeMarkdownSection(run: ProbeRun, baseDir?: string): string {
  const out = ['## Endpoints probed', ''];
  if (run.records.length === 0) {
    out.push('No endpoint was probed.');
    return out.join('\n') + '\n';
  }
  out.push(`| Endpoint | Probed at | ${TLS_VERSIONS.map(versionLabel).join(' | ')} | Cipher | Certificate | Verdict |`, `|---|---|${TLS_VERSIONS.map(() => '---|').join('')}---|---|---|`);
  for (const r of run.records) {
    const p = r.probe;
    const versions = TLS_VERSIONS.map((v) => (p.reachable ? (p.versions[v] ? 'yes' : 'no') : '—')).join(' | ');
    out.push(
      `| ${escapeMarkdown(escapeForDisplay(p.endpoint))} | ${r.probedAt} | ${versions} | ${escapeMarkdown(p.cipher ?? '—')} | ${escapeMarkdown(escapeForDisplay(p.reachable ? certificateLine(p) : '—'))} | ${p.verdict} |`,
    );
  }
  out.push('');
  for (const r of run.records) {
    const where = r.sources.length ? ` (found at ${r.sources.map((s) => escapeMarkdown(escapeForDisplay(sourceText(s, baseDir)))).join(', ')})` : '';
    out.push(`- **${escapeMarkdown(escapeForDisplay(r.probe.endpoint))}** — ${r.probe.verdict}: ${escapeMarkdown(escapeForDisplay(r.reasons.join('; ')))}${where}`);
  }
  if (run.cancelled) {
    out.push('', 'The probe was cancelled: endpoints not listed were not probed.');
  }
  return out.join('\n') + '\n';
}

/** `probe --format markdown`: a title, the summary, and the section. */
export function toProbeMarkdown(run: ProbeRun, baseDir?: string): string {
  return `# Dynamics 365 TLS endpoint probe\n\n${run.records.length} endpoint(s): ${verdictCounts(run.records)}.\n\n${probeMarkdownSection(run, baseDir)}`;
}
