'use strict';
/**
 * Preloaded (`node -r bench/lspTraceHook.js out/server/src/lsp/main.js --stdio`) by bench/lspKeystrokeTrace.js: stamps
 * what the server does with each keystroke on a clock the client shares (`performance.timeOrigin + now`, ms) — the
 * message taken by the look-ahead and handed on, the change applied, the analysis (parse, facts, rules, diagnostics
 * converted), each write to stdout and its size — and every garbage collection (start, duration, kind). The trace is
 * written to `DTLS_TRACE_FILE` as the process exits. Only the compiled sources (out/) can be hooked, not the bundle.
 */
const fs = require('node:fs');
const path = require('node:path');
const { performance, PerformanceObserver, constants } = require('node:perf_hooks');

const out = process.env.DTLS_TRACE_FILE;
const lsp = path.join(process.env.DTLS_TRACE_ROOT, 'out', 'server', 'src', 'lsp');
const now = () => performance.timeOrigin + performance.now();
const events = [];
const mark = (what, extra) => events.push({ t: now(), what, ...extra });

const GC_KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    events.push({ t: performance.timeOrigin + e.startTime, what: 'gc', ms: e.duration, kind: GC_KINDS[e.detail?.kind ?? e.kind] ?? String(e.detail?.kind) });
  }
}).observe({ entryTypes: ['gc'] });

/** Wraps `proto[name]` so that a call stamps `<label>:start` and `<label>:end` (a promise's end when it settles). */
function stamp(proto, name, label, detail = () => ({})) {
  const original = proto[name];
  proto[name] = function (...args) {
    mark(`${label}:start`, detail.call(this, args));
    const r = original.apply(this, args);
    if (r && typeof r.then === 'function') {
      return r.finally(() => mark(`${label}:end`));
    }
    mark(`${label}:end`);
    return r;
  };
}

const versionOf = (m) => m?.params?.textDocument?.version;
const young = () => {
  const spaces = require('node:v8').getHeapSpaceStatistics();
  const n = spaces.find((x) => x.space_name === 'new_space');
  const lo = spaces.find((x) => x.space_name === 'new_large_object_space');
  return { used: n.space_used_size, available: n.space_available_size, lo: lo?.space_used_size };
};
const { ChangeLookahead } = require(path.join(lsp, 'changeLookahead.js'));
stamp(ChangeLookahead.prototype, 'handleMessage', 'read', ([m]) => ({ method: m.method, version: versionOf(m), ...(process.env.DTLS_TRACE_YOUNG ? young() : {}) }));
stamp(ChangeLookahead.prototype, 'handOn', 'handOn', ([h]) => ({ method: h.message.method, version: versionOf(h.message) }));
const { DocumentStore } = require(path.join(lsp, 'documentStore.js'));
stamp(DocumentStore.prototype, 'change', 'change', ([, version]) => ({ version }));
stamp(DocumentStore.prototype, 'prepare', 'parse');
const { DocumentValidator } = require(path.join(lsp, 'validation.js'));
const wrapped = new WeakSet();
const validate = DocumentValidator.prototype.validate;
DocumentValidator.prototype.validate = function (uri) {
  const analyzer = this.s.analyzer;
  if (!wrapped.has(analyzer)) {
    wrapped.add(analyzer);
    stamp(analyzer, 'updateFacts', 'facts');
    stamp(analyzer, 'analyze', 'rules');
  }
  mark('validate:start', { version: this.s.documents.get(uri)?.version });
  return validate.call(this, uri).finally(() => mark('validate:end'));
};
stamp(DocumentValidator.prototype, 'publish', 'publish', ([, findings, version]) => ({ version, findings: findings.length, ...(process.env.DTLS_TRACE_YOUNG ? young() : {}) }));
stamp(DocumentValidator.prototype, 'analyseIn', 'deferred', ([doc, ms]) => ({ version: doc.version, ms }));

const write = process.stdout.write;
process.stdout.write = function (chunk, ...rest) {
  mark('write', { bytes: typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length });
  return write.call(this, chunk, ...rest);
};

// The process's CPU from the first keystroke's read on (user + system, ms), to compare builds' whole cost.
let cpuAtFirstChange;
const handleMessage = ChangeLookahead.prototype.handleMessage;
ChangeLookahead.prototype.handleMessage = function (message, next) {
  if (cpuAtFirstChange === undefined && message.method === 'textDocument/didChange') {
    cpuAtFirstChange = process.cpuUsage();
  }
  return handleMessage.call(this, message, next);
};

process.on('exit', () => {
  if (cpuAtFirstChange) {
    const cpu = process.cpuUsage(cpuAtFirstChange);
    mark('cpu', { ms: (cpu.user + cpu.system) / 1000 });
  }
  if (out) {
    fs.writeFileSync(out, JSON.stringify(events));
  }
});

const idleModule = path.join(lsp, 'idleCollection.js');
const { IdleCollection } = fs.existsSync(idleModule) ? require(idleModule) : {};
if (IdleCollection) {
  const collectIfFull = IdleCollection.prototype.collectIfFull;
  IdleCollection.prototype.collectIfFull = function () {
    const before = this.collections;
    const young = this.heap.read();
    collectIfFull.call(this);
    const spaces = Object.fromEntries(require('node:v8').getHeapSpaceStatistics().map((x) => [x.space_name, x]));
    const lo = spaces.new_large_object_space;
    mark('idle', { ...young, largest: this.largestAllocation, collected: this.collections > before, newSize: spaces.new_space.space_size, lo: lo?.space_used_size, loAvailable: lo?.space_available_size, loSize: lo?.space_size });
  };
}
