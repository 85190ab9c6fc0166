import { lookup as dnsLookup } from 'node:dns/promises';
import { Socket } from 'node:net';
import { Endpoint, EndpointError, isReservedInvalid } from '../../engine/probe/endpoint';
import { CertificateInfo, EndpointProbe, EndpointSource, ProbeRecord, ProbeRun, TLS_VERSIONS, TlsVersion, judgeEndpoint } from '../../engine/probe/probeResult';
import { ConnectFailure, connectSocket, openTunnel, proxyFor } from './proxyTunnel';
import { HandshakeOutcome, handshake } from './tlsHandshake';

/** Resolves a host name to one address; the default asks the system resolver, tests inject their own. */
export type HostLookup = (host: string) => Promise<string>;

/** How a probe run behaves: limits, extra trust, the environment (proxy), the resolver, cancellation and progress. */
export interface ProbeOptions {
  /** Limit for each TCP connection and each handshake, in ms. */
  timeoutMs: number;
  /** Endpoints probed at the same time. */
  concurrency: number;
  extraCa: readonly string[];
  env: NodeJS.ProcessEnv;
  lookup: HostLookup;
  signal?: AbortSignal;
  /** Called as each endpoint finishes, with the count done so far. */
  onRecord?: (record: ProbeRecord, done: number, total: number) => void;
}

/** An endpoint to probe (or an input that is not one) and where `--from` found it. */
export interface ProbeTarget {
  target: Endpoint | EndpointError;
  sources: EndpointSource[];
}

/** The system resolver (one address; the first the OS prefers). */
export const systemLookup: HostLookup = async (host) => (await dnsLookup(host)).address;

const DNS_ERRORS: Record<string, string> = {
  ENOTFOUND: 'host not found (DNS: ENOTFOUND)',
  EAI_AGAIN: 'DNS lookup failed temporarily (EAI_AGAIN)',
  ENODATA: 'host has no address (DNS: ENODATA)',
};

/** Probes newest first: an endpoint that talks no TLS at all is found out by its first handshake. */
const PROBE_ORDER: readonly TlsVersion[] = [...TLS_VERSIONS].reverse();

function record(probe: Omit<EndpointProbe, 'verdict'>, dynamics: boolean, probedAt: string, sources: EndpointSource[]): ProbeRecord {
  const { verdict, reasons } = judgeEndpoint(probe, dynamics);
  return { probe: { ...probe, verdict }, probedAt, sources, reasons };
}

function unreachable(name: string, error: string, dynamics: boolean, probedAt: string, sources: EndpointSource[]): ProbeRecord {
  const versions = { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false };
  return record({ endpoint: name, reachable: false, error, versions, cipher: null, certificate: null }, dynamics, probedAt, sources);
}

/** Where the probe's sockets go: straight to the resolved address, or through the proxy's CONNECT tunnel. */
async function socketOpener(e: Endpoint, o: ProbeOptions): Promise<(() => Promise<Socket>) | { error: string }> {
  const proxy = proxyFor(e.host, o.env);
  if (proxy && 'error' in proxy) {
    return { error: proxy.error };
  }
  if (!e.isIp && isReservedInvalid(e.host)) {
    return { error: 'unresolvable host: .invalid is reserved (RFC 6761), so it was not looked up' };
  }
  if (proxy) {
    return () => openTunnel(proxy, e.host, e.port, o.timeoutMs, o.signal);
  }
  let address = e.host;
  if (!e.isIp) {
    try {
      address = await o.lookup(e.host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      return { error: DNS_ERRORS[code] ?? `DNS lookup failed${code ? ` (${code})` : ''}` };
    }
  }
  return () => connectSocket(address, e.port, o.timeoutMs, o.signal);
}

/** The one line that says why no version was accepted: a failure (no TLS, no answer) before a refusal (reset, closed). */
function noVersionReason(outcomes: HandshakeOutcome[]): string | null {
  const failed = outcomes.find((x) => x.kind === 'failed');
  if (failed) {
    return failed.reason;
  }
  const refused = outcomes.find((x) => x.kind === 'refused' && !x.reason.startsWith('ERR_'));
  return refused && refused.kind === 'refused' ? refused.reason : null;
}

/** Probes one endpoint: one handshake per TLS version, each on its own connection, and the verdict. */
export async function probeEndpoint(e: Endpoint, o: ProbeOptions, sources: EndpointSource[] = []): Promise<ProbeRecord> {
  const probedAt = new Date().toISOString();
  const open = await socketOpener(e, o);
  if ('error' in open) {
    return unreachable(e.name, open.error, e.dynamics, probedAt, sources);
  }
  const versions = { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false };
  const outcomes: HandshakeOutcome[] = [];
  let best: { cipher: string; certificate: CertificateInfo } | undefined;
  for (const version of PROBE_ORDER) {
    let socket: Socket;
    try {
      socket = await open();
    } catch (err) {
      const reason = err instanceof ConnectFailure ? err.message : String(err);
      if (outcomes.length === 0) {
        return unreachable(e.name, reason, e.dynamics, probedAt, sources);
      }
      outcomes.push({ kind: 'refused', reason });
      continue;
    }
    const outcome = await handshake({ socket, host: e.host, isIp: e.isIp, version, timeoutMs: o.timeoutMs, extraCa: o.extraCa, signal: o.signal });
    outcomes.push(outcome);
    if (outcome.kind === 'accepted') {
      versions[version] = true;
      best ??= outcome;
    } else if (outcome.kind === 'failed' && (outcome.reason.startsWith('not a TLS service') || outcome.reason === 'cancelled')) {
      break;
    }
  }
  const error = best ? null : noVersionReason(outcomes);
  return record({ endpoint: e.name, reachable: true, error, versions, cipher: best?.cipher ?? null, certificate: best?.certificate ?? null }, e.dynamics, probedAt, sources);
}

/**
 * Probes every target with at most `concurrency` at once; results come back in input order. Inputs that are not
 * endpoints become unreachable records with their reason. When cancelled, unstarted endpoints are left out and
 * `cancelled` is set.
 */
export async function probeAll(targets: readonly ProbeTarget[], o: ProbeOptions): Promise<ProbeRun> {
  const results: (ProbeRecord | undefined)[] = new Array<ProbeRecord | undefined>(targets.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length && !o.signal?.aborted) {
      const index = next++;
      const t = targets[index];
      if (!t) {
        continue;
      }
      const r =
        'error' in t.target
          ? unreachable(t.target.input, t.target.error, false, new Date().toISOString(), t.sources)
          : await probeEndpoint(t.target, o, t.sources);
      if (o.signal?.aborted) {
        continue;
      }
      results[index] = r;
      o.onRecord?.(r, ++done, targets.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, targets.length)) }, () => worker()));
  const records = results.filter((r): r is ProbeRecord => r !== undefined);
  return { records, cancelled: records.length < targets.length };
}
