import { Finding } from '../engine/model/finding';
import { isContextFile } from '../engine/project/workspaceIndex';
import { retargetVersion } from '../engine/settings';
import { sizeCapDiagnostic, toDiagnostic, tooComplexDiagnostic } from './diagnostics';
import { ignoredReason } from './documentFilter';
import { OpenDocument } from './documentStore';
import { isLogPath, logDiagnostics, logMatches } from './logExplain';
import { ruleFailureLog } from './ruleFailures';
import { ChangeSettle } from './changeSettle';
import { ServerParts } from './serverCore';
import { grammarReady } from './grammarReady';
import { InboundMessages, NOTHING_WAITING } from './changeLookahead';

/** How long a document opened during start-up waits for the project index before it is judged without it. */
export const INDEX_WAIT_MS = 2000;

/**
 * Analyses open documents and publishes their diagnostics. A change on a quiet document is analysed at once; a burst of
 * changes is coalesced, its newest version analysed once the changes pause (see {@link ChangeSettle}, which scales the
 * pause with what the document's analysis costs). An analysis started for an older version stops before it parses,
 * documents whose project another file's change affected are re-analysed later, never within that change's turn, and
 * several documents are analysed one per turn of the event loop so that requests are answered in between. A document
 * opened before the start-up index is ready waits for the part its findings depend on (at most {@link INDEX_WAIT_MS}),
 * so nothing the index would rule out flickers.
 */
export class DocumentValidator {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly indexWait: Promise<void>;
  private readonly settle = new ChangeSettle(() => performance.now());

  constructor(
    private readonly s: ServerParts,
    private readonly indexReady: (path: string) => Promise<void>,
    private readonly inbound: InboundMessages = NOTHING_WAITING,
  ) {
    this.indexWait = new Promise<void>((resolve) => setTimeout(resolve, INDEX_WAIT_MS).unref());
  }

  /** A document was opened: it is analysed at once. */
  opened(doc: OpenDocument): void {
    this.analyseNow(doc);
  }

  /** A document changed: analysed at once when it was quiet, else when its changes pause. */
  changed(doc: OpenDocument): void {
    const waited = this.pending.has(doc.uri);
    const wait = this.settle.changed(doc, waited, this.inbound.newerChangeWaiting(doc.uri));
    if (wait === 0 && waited) {
      // The burst's maximum wait ran out: a request read behind this change is answered first, then this version is
      // analysed unless a newer change came meanwhile (it is then scheduled on its own).
      clearTimeout(this.pending.get(doc.uri));
      this.pending.delete(doc.uri);
      const version = doc.version;
      this.inbound.afterWaiting(() => {
        if (doc.version === version && !this.pending.has(doc.uri)) {
          this.analyseNow(doc);
        }
      });
    } else if (wait === 0) {
      this.analyseNow(doc);
    } else {
      this.analyseIn(doc, wait);
    }
  }

  /**
   * Another file's change affected this document's project (a called script, a project file): it is re-analysed
   * later, never within that change's turn, once that file's changes pause (a burst re-analyses it once).
   */
  affected(doc: OpenDocument): void {
    this.analyseIn(doc, this.settle.affected(doc, this.pending.has(doc.uri)));
  }

  private analyseNow(doc: OpenDocument): void {
    const timer = this.pending.get(doc.uri);
    if (timer) {
      clearTimeout(timer);
      this.pending.delete(doc.uri);
    }
    this.validate(doc.uri).catch((e: unknown) => this.s.log(`${doc.path}: analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  }

  private analyseIn(doc: OpenDocument, ms: number): void {
    const existing = this.pending.get(doc.uri);
    if (existing) {
      clearTimeout(existing);
    }
    const timer = setTimeout(() => {
      // A newer change of it was read and is about to be handled: it decides (the wait stays on record for its maximum).
      if (this.inbound.newerChangeWaiting(doc.uri)) {
        return;
      }
      this.pending.delete(doc.uri);
      this.analyseNow(doc);
    }, ms);
    timer.unref();
    this.pending.set(doc.uri, timer);
  }

  /** Analyses an open document and publishes its diagnostics; re-analyses the others if its facts changed its project. */
  async validate(uri: string): Promise<void> {
    const s = this.s;
    const opened = s.documents.get(uri);
    if (!opened) {
      return;
    }
    await Promise.race([this.indexReady(opened.path), this.indexWait]);
    const doc = s.documents.get(uri);
    if (!doc) {
      return;
    }
    const version = doc.version;
    const settings = await s.settings.get(uri);
    await grammarReady(s.analyzer.parser, doc.path);
    const current = s.documents.get(uri);
    if (!current || current.version !== version) {
      return;
    }
    const ignored = ignoredReason(s.folders, doc.path, settings);
    if (ignored) {
      s.log(`${doc.path}: no diagnostics (${ignored})`);
      this.publish(doc.path, [], doc.version);
      return;
    }
    const started = performance.now();
    s.documents.prepare(uri, settings.maxFileSizeKB);
    if (doc.capped || doc.unparsable) {
      // A parse that ran out of its budget cost that budget: the next burst on this document waits accordingly.
      this.settle.analysed(doc, performance.now() - started);
      s.log(`${doc.path}: not analysed (${doc.capped ?? doc.unparsable})`);
      s.published.set(doc.path, []);
      void s.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [doc.capped ? sizeCapDiagnostic(doc.capped) : tooComplexDiagnostic(doc.unparsable ?? '')] });
      return;
    }
    if (isLogPath(doc.path)) {
      void s.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: logDiagnostics(logMatches(doc, doc.text)) });
      return;
    }
    const before = s.analyzer.index.generation;
    if (isContextFile(doc.path)) {
      s.analyzer.index.upsert({ path: doc.path, text: doc.text });
    } else {
      s.analyzer.updateFacts(doc.path, doc.text, doc.tree);
    }
    const findings = s.analyzer.analyze(doc.path, doc.text, { tree: doc.tree, severityOverrides: settings.rules, retargetTo: retargetVersion(settings), onRuleError: ruleFailureLog(s.log) });
    this.publish(doc.path, findings, doc.version);
    this.settle.analysed(doc, performance.now() - started);
    if (s.analyzer.index.generation !== before) {
      for (const other of s.documents.all()) {
        if (other.uri !== uri) {
          this.affected(other);
        }
      }
    }
  }

  /**
   * Publishes the findings that sit in one file (open or closed). Findings that another file's analysis places elsewhere
   * (a target defined in a Directory.Build.props) are left to that file's own analysis, which reports them too, so one
   * file's analysis never overwrites another file's diagnostics.
   */
  publish(path: string, findings: Finding[], version?: number): void {
    const own = findings.filter((f) => f.path === path);
    this.s.published.set(path, own);
    void this.s.connection.sendDiagnostics({ uri: this.s.uriOf(path), ...(version !== undefined ? { version } : {}), diagnostics: own.map(toDiagnostic) });
  }

  /** Re-analyses every open document. */
  async revalidateAll(): Promise<void> {
    for (const doc of this.s.documents.all()) {
      await this.validate(doc.uri);
      // One document per turn of the event loop: requests that arrived meanwhile are answered before the next one.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
