import { isIP } from 'node:net';
import { escapeForDisplay } from '../../engine/text/displayEscape';
import { ClientRecord, startListener } from '../../node/listen/listenServer';
import { protocolLabel } from '../../node/listen/listenVerdict';
import { createLoopbackCertificate } from '../../node/tls/selfSignedCert';
import { UsageError } from '../args';
import { CommandOptions } from './commandOptions';

const MINIMUMS = { '1.0': 'TLSv1', '1.1': 'TLSv1.1', '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' } as const;

/** The JSON line for a client: the contract's keys first, then the user agent, the remote end and the time. */
function jsonLine(r: ClientRecord): string {
  const { offered, maxOffered, sni, accepted, verdict, userAgent, error, remote, time } = r;
  return JSON.stringify({ offered, maxOffered, sni, accepted, verdict, userAgent, error, remote, time }) + '\n';
}

function textLine(r: ClientRecord): string {
  const offered = r.offered.length ? r.offered.map(protocolLabel).join(', ') : 'nothing';
  return (
    `${r.time} ${r.remote} offered ${offered}; SNI ${escapeForDisplay(r.sni ?? 'none')}; ${r.accepted ? 'accepted' : 'refused'}` +
    `${r.userAgent ? `; User-Agent ${escapeForDisplay(r.userAgent)}` : ''} — ${escapeForDisplay(r.verdict)}\n`
  );
}

function summary(records: readonly ClientRecord[]): string {
  const failing = records.filter((r) => r.failsMinimum).length;
  const good = records.filter((r) => r.offered.length && !r.failsMinimum).length;
  return `tls-readiness listen: ${records.length} client(s): ${good} offered the minimum or later, ${failing} offered only older versions, ${records.length - good - failing} sent no ClientHello.\n`;
}

/**
 * `tls-readiness listen`: a local HTTPS endpoint for regression runs. Logs each client's offered versions (one JSON line
 * per client with `--format json`, flushed as it happens), stops on SIGINT/SIGTERM or after `--max-clients`, prints a
 * summary, and exits 1 when a client offered only versions below the minimum (`--fail-on none`: always 0).
 */
export async function runListenCommand(argv: readonly string[]): Promise<number> {
  const o = new CommandOptions(argv, ['--port', '--host', '--min', '--format', '--max-clients', '--timeout', '--fail-on'], []);
  if (o.positional.length) {
    throw new UsageError(`listen takes no paths (got "${o.positional[0] ?? ''}")`);
  }
  const port = o.integer('--port', 0, 65535, 8443);
  const host = o.last('--host') ?? '127.0.0.1';
  if (!isIP(host)) {
    throw new UsageError(`--host must be an IP address to listen on, such as 127.0.0.1, ::1 or 0.0.0.0 (got "${host}")`);
  }
  const min = MINIMUMS[o.oneOf('--min', ['1.0', '1.1', '1.2', '1.3'] as const, '1.2')];
  const format = o.oneOf('--format', ['text', 'json'] as const, 'text');
  const failOn = o.oneOf('--fail-on', ['error', 'none'] as const, 'error');
  const maxClients = o.integer('--max-clients', 1, 1_000_000, 0);
  const timeoutMs = o.integer('--timeout', 100, 600_000, 10_000);
  const records: ClientRecord[] = [];
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let listener;
  try {
    listener = await startListener({
      host,
      port,
      min,
      timeoutMs,
      certificate: createLoopbackCertificate(),
      onClient: (r) => {
        records.push(r);
        process.stdout.write(format === 'json' ? jsonLine(r) : textLine(r));
        if (maxClients && records.length >= maxClients) {
          stop();
        }
      },
    });
  } catch (e) {
    throw new UsageError(`cannot listen on ${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const where = host.includes(':') ? `[${host}]` : host;
  process.stderr.write(`tls-readiness listen: listening on https://${where}:${listener.port}/ — accepts ${protocolLabel(min)} and later (self-signed certificate); Ctrl+C to stop\n`);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await stopped;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await listener.close();
  (format === 'json' ? process.stderr : process.stdout).write(summary(records));
  return failOn === 'error' && records.some((r) => r.failsMinimum) ? 1 : 0;
}
