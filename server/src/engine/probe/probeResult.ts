/** The TLS versions a probe tries, oldest first, named as Node and OpenSSL name them. */
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

/** One of the probed TLS versions. */
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** A probe's verdict, in SARIF's levels: error (no TLS 1.2+ or not reachable), warning, note, ok. */
export type ProbeVerdict = 'error' | 'warning' | 'note' | 'ok';

/** The certificate an endpoint presented on its best handshake. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** The subject of the last certificate of the chain the server sent (its own subject when self-signed). */
  root: string;
  validFrom: string;
  validTo: string;
  expired: boolean;
  /** True when Node's trust store (plus any `--ca`) accepts the chain and the name matches. */
  trusted: boolean;
  trustError: string | null;
}

/** One endpoint's probe, in the JSON contract's shape (keys and order are a contract). */
export interface EndpointProbe {
  endpoint: string;
  reachable: boolean;
  error: string | null;
  versions: Record<TlsVersion, boolean>;
  cipher: string | null;
  certificate: CertificateInfo | null;
  verdict: ProbeVerdict;
}

/** Where `--from` found an endpoint: the file and the 0-based position of the URL. */
export interface EndpointSource {
  path: string;
  line: number;
  column: number;
  length: number;
}

/** A probe with what only the reports show: when it ran, where it was found, and why the verdict. */
export interface ProbeRecord {
  probe: EndpointProbe;
  /** ISO time the probe started. */
  probedAt: string;
  sources: EndpointSource[];
  reasons: string[];
}

/** A whole run: its records in input order, and whether it was cancelled before every endpoint was probed. */
export interface ProbeRun {
  records: ProbeRecord[];
  cancelled: boolean;
}

const RANK: Record<ProbeVerdict, number> = { ok: 0, note: 1, warning: 2, error: 3 };

/** True when verdict `a` is at least as severe as `b`. */
export function verdictAtLeast(a: ProbeVerdict, b: ProbeVerdict): boolean {
  return RANK[a] >= RANK[b];
}

/** The human name of a version (`TLSv1` → `TLS 1.0`). */
export function versionLabel(v: TlsVersion): string {
  return v === 'TLSv1' ? 'TLS 1.0' : v.replace('TLSv', 'TLS ');
}

/**
 * Judges an endpoint in the product's terms: unreachable or no TLS 1.2/1.3 → error (nothing that follows Dynamics 365's
 * requirement can connect); TLS 1.0/1.1 accepted → warning on a server you own, note on a Dynamics 365 host (Microsoft's
 * to turn off); an expired or untrusted certificate → warning (clients refuse it whatever the version).
 */
export function judgeEndpoint(p: Omit<EndpointProbe, 'verdict'>, dynamicsHost: boolean): { verdict: ProbeVerdict; reasons: string[] } {
  if (!p.reachable) {
    return { verdict: 'error', reasons: [`not reachable: ${p.error ?? 'unknown reason'}`] };
  }
  if (!p.versions['TLSv1.2'] && !p.versions['TLSv1.3']) {
    const why = p.error ? ` (${p.error})` : '';
    return { verdict: 'error', reasons: [`accepts neither TLS 1.2 nor TLS 1.3${why}: clients that follow Dynamics 365's TLS 1.2 requirement cannot connect`] };
  }
  const reasons: string[] = [];
  let verdict: ProbeVerdict = 'ok';
  const legacy = (['TLSv1', 'TLSv1.1'] as const).filter((v) => p.versions[v]).map(versionLabel);
  if (legacy.length) {
    verdict = dynamicsHost ? 'note' : 'warning';
    reasons.push(
      dynamicsHost
        ? `accepts ${legacy.join(' and ')}: a Dynamics 365 host, so nothing to change on your side`
        : `accepts ${legacy.join(' and ')}: disable them on a server you own (clients that still use them will break when you do)`,
    );
  }
  const cert = p.certificate;
  if (cert && (cert.expired || !cert.trusted)) {
    verdict = verdictAtLeast(verdict, 'warning') ? verdict : 'warning';
    reasons.push(cert.expired ? `certificate expired on ${cert.validTo}` : `certificate not trusted: ${cert.trustError ?? 'unknown reason'}`);
  }
  if (verdict === 'ok') {
    reasons.push(`accepts ${(['TLSv1.2', 'TLSv1.3'] as const).filter((v) => p.versions[v]).map(versionLabel).join(' and ')} only`);
  }
  return { verdict, reasons };
}
