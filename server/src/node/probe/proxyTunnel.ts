import { Socket, connect } from 'node:net';

/** An HTTP proxy the probe tunnels through with CONNECT. */
export interface ProxyConfig {
  host: string;
  port: number;
  /** `Basic …` when the proxy URL carried credentials (they are sent to the proxy, never printed). */
  authorization: string | undefined;
  /** The proxy as outputs name it: `http://host:port`, no credentials. */
  name: string;
}

/** Why no proxy can be used although one is configured (an https:// or socks proxy, a malformed URL). */
export interface ProxyProblem {
  error: string;
}

/** Thrown by `openTunnel` and the socket openers: a failure before TLS started, with a reason fit for the output. */
export class ConnectFailure extends Error {}

function bypassed(host: string, noProxy: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return noProxy
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase().replace(/:\d+$/, '').replace(/^\[|\]$/g, ''))
    .filter(Boolean)
    .some((e) => e === '*' || h === e.replace(/^\*?\./, '') || h.endsWith(e.startsWith('.') ? e : e.startsWith('*.') ? e.slice(1) : `.${e}`));
}

/**
 * The proxy for a host from `HTTPS_PROXY`/`https_proxy`, unless `NO_PROXY`/`no_proxy` names the host (or a parent
 * domain, or `*`). Only `http://` proxies can be tunnelled through; any other kind is a problem reported per endpoint.
 */
export function proxyFor(host: string, env: NodeJS.ProcessEnv): ProxyConfig | ProxyProblem | undefined {
  const raw = env.HTTPS_PROXY ?? env.https_proxy;
  if (!raw || bypassed(host, env.NO_PROXY ?? env.no_proxy ?? '')) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return { error: 'HTTPS_PROXY is not a URL; the probe cannot go through it' };
  }
  const name = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'http:') {
    return { error: `HTTPS_PROXY is ${name}: the probe can only tunnel through an http:// proxy, so it cannot go through this one` };
  }
  const user = decodeURIComponent(url.username);
  const authorization = user || url.password ? `Basic ${Buffer.from(`${user}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 80, authorization, name };
}

/** Connects a TCP socket, failing with a ConnectFailure on error, timeout or abort. */
export function connectSocket(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (reason: string): void => {
      cleanup();
      socket.destroy();
      reject(new ConnectFailure(reason));
    };
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => fail('cancelled');
    const onError = (e: NodeJS.ErrnoException): void => fail(describeSocketError(e, 'connect'));
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
    };
    signal?.addEventListener('abort', onAbort);
    socket.once('error', onError);
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
  });
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the server',
};

/** A socket error as one line for the output: a known code's meaning, else the code and Node's message. */
export function describeSocketError(e: NodeJS.ErrnoException, stage: 'connect' | 'handshake'): string {
  const code = e.code ?? '';
  if (code === 'ECONNRESET') {
    return stage === 'connect' ? 'connection reset' : 'connection reset by the server during the TLS handshake';
  }
  return SOCKET_ERRORS[code] ?? (code ? `${code}: ${e.message}` : e.message);
}

/**
 * Opens a tunnel to `host:port` through an HTTP proxy (`CONNECT`), resolving with the socket once the proxy answers 200;
 * bytes after the proxy's headers are put back for TLS. Any other answer is a ConnectFailure naming the status.
 */
export async function openTunnel(proxy: ProxyConfig, host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  const socket = await connectSocket(proxy.host, proxy.port, timeoutMs, signal).catch((e: unknown) => {
    throw new ConnectFailure(`proxy ${proxy.name}: ${(e as Error).message}`);
  });
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const fail = (reason: string): void => {
      cleanup();
      socket.destroy();
      reject(new ConnectFailure(`proxy ${proxy.name}: ${reason}`));
    };
    const timer = setTimeout(() => fail(`no answer to CONNECT within ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => fail('cancelled');
    const onError = (e: NodeJS.ErrnoException): void => fail(describeSocketError(e, 'connect'));
    const onClose = (): void => fail('closed the connection before answering CONNECT');
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16384) {
          fail('answer to CONNECT too long');
        }
        return;
      }
      const status = /^HTTP\/1\.[01] (\d{3})([^\r\n]*)/.exec(head.toString('latin1', 0, end));
      if (status?.[1] !== '200') {
        fail(status ? `refused the tunnel: HTTP ${status[1]}${status[2] ?? ''}` : 'answered CONNECT with something that is not HTTP');
        return;
      }
      cleanup();
      const rest = head.subarray(end + 4);
      if (rest.length) {
        socket.unshift(rest);
      }
      resolve(socket);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData).off('error', onError).off('close', onClose);
      socket.pause();
    };
    signal?.addEventListener('abort', onAbort);
    socket.on('data', onData).once('error', onError).once('close', onClose);
  });
}
