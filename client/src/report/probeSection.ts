import { certificateLine, verdictCounts } from '../../../server/src/engine/probe/probeFormats';
import { ProbeRecord, ProbeRun, TLS_VERSIONS, versionLabel } from '../../../server/src/engine/probe/probeResult';
import { relativePath } from '../../../server/src/engine/project/paths';
import { escapeHtml } from './reportHtml';

/** The last probe the report shows, with the folder its found-at paths are relative to. */
export interface ReportProbes {
  run: ProbeRun;
  baseDir: string | undefined;
}

function row(r: ProbeRecord, baseDir: string | undefined): string {
  const p = r.probe;
  const cells = TLS_VERSIONS.map((v) => `<td class="num">${p.reachable ? (p.versions[v] ? 'yes' : 'no') : '—'}</td>`).join('');
  const where = r.sources.map((s) => `${baseDir ? relativePath(baseDir, s.path) : s.path}:${s.line + 1}`).join(', ');
  return (
    `<tr class="probe" data-endpoint="${escapeHtml(p.endpoint)}"><td><span class="unit-name">${escapeHtml(p.endpoint)}</span>` +
    `${where ? `<br><span class="unit-path">found at ${escapeHtml(where)}</span>` : ''}</td>` +
    `<td class="probed-at">${escapeHtml(r.probedAt)}</td>${cells}<td>${escapeHtml(p.cipher ?? '—')}</td>` +
    `<td>${escapeHtml(p.reachable ? certificateLine(p) : '—')}</td>` +
    `<td><span class="sev sev-${escapeHtml(p.verdict)}">${escapeHtml(p.verdict)}</span> ${escapeHtml(r.reasons.join('; '))}</td></tr>`
  );
}

/** The report's "Endpoints probed" section, beside "Outside the code": one row per endpoint with when it was probed. */
export function probeSection(probes: ReportProbes | undefined): string {
  if (!probes) {
    return '';
  }
  const { run, baseDir } = probes;
  const head =
    `<h2>Endpoints probed (${escapeHtml(verdictCounts(run.records))})</h2>` +
    (run.cancelled ? '<p class="note">The probe was cancelled: endpoints not listed were not probed.</p>' : '');
  if (run.records.length === 0) {
    return `${head}<p class="empty">No endpoint was probed.</p>`;
  }
  return (
    `${head}<table class="units probes"><thead><tr><th>Endpoint</th><th>Probed at</th>` +
    TLS_VERSIONS.map((v) => `<th class="num">${versionLabel(v)}</th>`).join('') +
    '<th>Cipher</th><th>Certificate</th><th>Verdict</th></tr></thead><tbody>' +
    run.records.map((r) => row(r, baseDir)).join('') +
    '</tbody></table>'
  );
}

/** The checklist line the probe adds: ticked when every probed endpoint accepts TLS 1.2 or later and was reachable. */
export function probeChecklistItem(probes: ReportProbes | undefined): string {
  if (!probes || probes.run.records.length === 0) {
    return '';
  }
  const records = probes.run.records;
  const failing = records.filter((r) => r.probe.verdict === 'error').length;
  const last = records.map((r) => r.probedAt).sort().at(-1) ?? '';
  const detail = failing
    ? `${failing} of ${records.length} probed endpoint(s) cannot be reached over TLS 1.2 or later (probed ${last}).`
    : `All ${records.length} probed endpoint(s) accept TLS 1.2 or later (probed ${last}).`;
  return (
    `<li class="probe-result"><label><input type="checkbox" disabled${failing ? '' : ' checked'}>` +
    `<span><strong>Endpoints accept TLS 1.2 (probe results)</strong><span class="detail">${escapeHtml(detail)}</span></span></label></li>`
  );
}
