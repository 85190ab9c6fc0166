const ORDER = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** A version name for people (`TLSv1` → `TLS 1.0`). */
export function protocolLabel(v: string): string {
  return v === 'TLSv1' ? 'TLS 1.0' : v === 'SSLv3' ? 'SSL 3.0' : v.replace('TLSv', 'TLS ');
}

function list(versions: readonly string[]): string {
  const labels = versions.map(protocolLabel);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}

/**
 * The verdict sentence for one client: whether its best offer reaches the minimum (Dynamics 365 online's TLS 1.2 when
 * the minimum is 1.2 or above), and why a handshake with a good offer still failed (often: our self-signed certificate).
 */
export function clientVerdict(offered: readonly string[], min: string, accepted: boolean, error: string | null): { verdict: string; failsMinimum: boolean } {
  if (offered.length === 0) {
    return { verdict: `no TLS ClientHello: ${error ?? 'nothing was received'}`, failsMinimum: false };
  }
  const against = min === 'TLSv1.2' ? 'Dynamics 365 online' : `a server that requires ${protocolLabel(min)} or later`;
  const best = offered.at(-1) ?? '';
  if (ORDER.indexOf(best) < ORDER.indexOf(min)) {
    return { verdict: `this client offered only ${list(offered)}: it will fail against ${against}`, failsMinimum: true };
  }
  const ok = `this client offered ${list(offered)}: it can connect to ${against}`;
  return { verdict: accepted ? ok : `${ok}, but this handshake failed (${error ?? 'unknown reason'}; a client that checks certificates refuses this endpoint's self-signed one)`, failsMinimum: false };
}
