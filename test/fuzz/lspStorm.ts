import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/engineHarness';
import { FuzzKind, scratch, timed } from './fuzzInput';
import { Random } from './random';

/** How long the server may take to answer a request after any storm (it must never stop answering; 10 s allows a loaded 2-core CI machine). */
const ANSWER_MS = 10_000;

/** A language server process spoken to with raw frames, so that malformed ones can be sent too. */
class RawServer {
  private buffer = Buffer.alloc(0);
  private readonly answers = new Map<number, (msg: unknown) => void>();
  private nextId = 1;
  peakMB = 0;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => this.receive(d));
    child.stdin?.on('error', () => undefined);
  }

  static start(): RawServer {
    return new RawServer(spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] }));
  }

  /** Writes bytes as they are (a malformed frame, half a frame…). */
  raw(bytes: string | Buffer): void {
    this.child.stdin?.write(bytes);
  }

  /** Sends one well-formed message. */
  send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    this.raw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Sends a request and waits for its answer (a result or an error), or fails after `ms`. */
  request(method: string, params: unknown, ms = ANSWER_MS): Promise<{ result?: unknown; error?: unknown }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${ms} ms`)), ms);
      this.answers.set(id, (msg) => {
        clearTimeout(timer);
        this.sampleMemory();
        resolve(msg as { result?: unknown; error?: unknown });
      });
      this.send({ id, method, params });
    });
  }

  sampleMemory(): void {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1];
      this.peakMB = Math.max(this.peakMB, Number(kb) / 1024);
    } catch {
      // the process has exited
    }
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  exited(ms: number): Promise<number | null> {
    return new Promise((resolve) => {
      if (!this.alive) {
        resolve(this.child.exitCode);
        return;
      }
      const timer = setTimeout(() => resolve(-1), ms);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, Math.max(0, headerEnd)).toString())?.[1]);
      if (headerEnd < 0 || !Number.isFinite(length) || this.buffer.length < headerEnd + 4 + length) {
        return;
      }
      const msg = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as { id?: number; method?: string };
      if (process.env.FUZZ_DEBUG) {
        process.stderr.write(`${JSON.stringify(msg).slice(0, 150)}\n`);
      }
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (typeof msg.id === 'number' && msg.method === undefined) {
        this.answers.get(msg.id)?.(msg);
        this.answers.delete(msg.id);
      } else if (typeof msg.id === 'number' && msg.method !== undefined) {
        // a request from the server (configuration, registration, progress): answer with nothing
        this.send({ id: msg.id, result: msg.method === 'workspace/configuration' ? [] : null });
      }
    }
  }
}

const STORMS = ['malformed', 'outOfRange', 'rapidChanges', 'bigDocument', 'afterShutdown'] as const;

/** A C# document that exercises the rules (a client, a protocol write). */
const CS = 'using System.Net;\nclass P\n{\n    static void Main()\n    {\n        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;\n        var c = new CrmServiceClient("AuthType=Office365;Url=https://x.crm.dynamics.com");\n    }\n}\n';

/** One storm against a fresh server: it must keep answering (within 5 s) and exit cleanly on shutdown + exit. */
export const lspInput: FuzzKind = async (seed, index) => {
  const r = Random.forInput(seed, index);
  const storm = r.pick(STORMS);
  return timed('lsp', index, storm, async () => {
    const ws = scratch('lsp');
    const server = RawServer.start();
    try {
      writeFileSync(join(ws, 'App.csproj'), '<Project><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
      const uri = pathToFileURL(join(ws, 'Program.cs')).toString();
      await server.request('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).toString(), capabilities: {} }, 30_000);
      server.notify('initialized', {});
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text: CS } });
      const failure = await runStorm(storm, server, uri, r);
      if (failure) {
        return failure;
      }
      if (storm !== 'afterShutdown') {
        await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 30 } });
        await server.request('shutdown', null);
        server.notify('exit', null);
      }
      const code = await server.exited(10_000);
      return code === 0 ? undefined : `the server ended with ${code} after shutdown and exit`;
    } finally {
      if (server.alive) {
        server.child.kill('SIGKILL');
      }
      lastPeakMB = Math.max(lastPeakMB, server.peakMB);
      rmSync(ws, { recursive: true, force: true });
    }
  });
};

/** The peak resident memory of any storm's server (reported in the fuzz summary). */
export let lastPeakMB = 0;

/** A frame around any body, its length counted in bytes. */
function frame(body: string): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]);
}

async function runStorm(storm: (typeof STORMS)[number], server: RawServer, uri: string, r: Random): Promise<string | undefined> {
  switch (storm) {
    case 'malformed':
      for (let i = 0; i < 20; i++) {
        // Malformed bodies inside honest frames (a lying Content-Length desynchronises any stream for good).
        server.raw(frame(r.pick(['{"a":', '[]', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","id":"x","method":"textDocument/hover","params":7}', '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{}}}', '\u0000\u00ff', '{"jsonrpc":"2.0","id":9e99,"method":"nope"}'])));
      }
      server.send({ id: 'bad', method: 'textDocument/codeAction', params: { textDocument: { uri }, range: null, context: null } });
      return undefined;
    case 'outOfRange':
      for (let v = 2; v < 30; v++) {
        const line = r.pick([-1, 0, 3, 1_000_000]);
        const character = r.pick([-5, 0, 7, 99_999]);
        server.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character }, end: { line: r.pick([0, line, line + 5]), character: 0 } }, text: r.pick(['', 'x', '\r\n', '\u{1F600}']) }] });
      }
      await server.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 999, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      return undefined;
    case 'rapidChanges':
      for (let v = 2; v < 1002; v++) {
        server.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 5, character: 66 }, end: { line: 5, character: 66 } }, text: r.pick(['1', ' ', '|', '2']) }] });
      }
      return undefined;
    case 'bigDocument': {
      const big = `// ${'x'.repeat(100)}\n`.repeat(20 * 1024 * 1024 / 104) + CS;
      const bigUri = uri.replace(/Program\.cs$/, 'Big.cs');
      server.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'csharp', version: 1, text: big } });
      await server.request('textDocument/hover', { textDocument: { uri: bigUri }, position: { line: 3, character: 3 } }, 60_000);
      server.notify('textDocument/didClose', { textDocument: { uri: bigUri } });
      return undefined;
    }
    case 'afterShutdown': {
      await server.request('shutdown', null);
      // Requests after shutdown fail with InvalidRequest (-32600), as the LSP specification asks; exit still ends it with 0.
      server.notify('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ text: 'x' }] });
      const late = await server.request(r.pick(['textDocument/hover', 'shutdown', 'textDocument/codeAction']), { textDocument: { uri }, position: { line: 0, character: 0 } });
      server.notify('exit', null);
      const code = (late.error as { code?: number } | undefined)?.code;
      return code === -32600 ? undefined : `a request after shutdown was answered with ${JSON.stringify(late).slice(0, 200)}`;
    }
  }
}
