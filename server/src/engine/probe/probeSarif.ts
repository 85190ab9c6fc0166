import { HOMEPAGE, TOOL_NAME } from '../model/docs';
import { relativePath } from '../project/paths';
import { ProbeRecord, ProbeRun } from './probeResult';

/** The probe's SARIF rules: one per kind of verdict reason (docs/probe.md explains each). */
const PROBE_RULES = [
  { id: 'PRB001', name: 'EndpointAcceptsLegacyTls', text: 'The endpoint accepts TLS 1.0 or TLS 1.1' },
  { id: 'PRB002', name: 'EndpointRefusesTls12', text: 'The endpoint accepts neither TLS 1.2 nor TLS 1.3' },
  { id: 'PRB003', name: 'EndpointNotReachable', text: 'The endpoint could not be reached' },
  { id: 'PRB004', name: 'EndpointCertificateProblem', text: 'The endpoint presented an expired or untrusted certificate' },
] as const;

function ruleOf(reason: string): (typeof PROBE_RULES)[number] {
  const index = reason.startsWith('accepts neither') ? 1 : reason.startsWith('not reachable') ? 2 : reason.startsWith('certificate') ? 3 : 0;
  return PROBE_RULES[index] ?? PROBE_RULES[0];
}

function results(r: ProbeRecord, baseDir: string): object[] {
  if (r.probe.verdict === 'ok') {
    return [];
  }
  const level = r.probe.verdict;
  const locations = r.sources.map((s) => ({
    physicalLocation: {
      artifactLocation: { uri: relativePath(baseDir, s.path).split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
      region: { startLine: s.line + 1, startColumn: s.column + 1, endLine: s.line + 1, endColumn: s.column + 1 + s.length },
    },
  }));
  return r.reasons.map((reason) => {
    const rule = ruleOf(reason);
    return {
      ruleId: rule.id,
      ruleIndex: PROBE_RULES.indexOf(rule),
      level: rule.id === 'PRB004' ? 'warning' : level,
      message: { text: `${r.probe.endpoint}: ${reason} (probed at ${r.probedAt})` },
      ...(locations.length ? { locations } : {}),
      properties: { endpoint: r.probe.endpoint, probedAt: r.probedAt },
    };
  });
}

/** The probe as a SARIF 2.1.0 log: a result per verdict reason, on the file locations where `--from` found the endpoint. */
export function toProbeSarif(run: ProbeRun, baseDir: string, version: string): object {
  const base = 'file://' + baseDir.split('/').map(encodeURIComponent).join('/') + (baseDir.endsWith('/') ? '' : '/');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version,
            informationUri: HOMEPAGE.replace(/\/blob\/main$/, ''),
            rules: PROBE_RULES.map((r) => ({ id: r.id, name: r.name, shortDescription: { text: r.text }, helpUri: `${HOMEPAGE}/docs/probe.md` })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: base } },
        results: run.records.flatMap((r) => results(r, baseDir)),
      },
    ],
  };
}
