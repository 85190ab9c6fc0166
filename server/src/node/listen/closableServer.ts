import { AddressInfo, Server, Socket } from 'node:net';

/** A server listening on a port, and how to stop it at once (every socket it still holds is destroyed). */
export interface ClosableServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts `server` on host:port (0 = any free port) and tracks its connections, so `close` does not wait for clients that
 * keep a connection open. Rejects with the listen error (a port in use, an address not on this machine).
 */
export function listenClosable(server: Server, host: string, port: number): Promise<ClosableServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) {
              s.destroy();
            }
            server.close(() => done());
          }),
      });
    });
  });
}
