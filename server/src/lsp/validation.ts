import { Finding } from '../engine/model/finding';
import { isContextFile } from '../engine/project/workspaceIndex';
import { retargetVersion } from '../engine/settings';
import { sizeCapDiagnostic, toDiagnostic, tooComplexDiagnostic } from './diagnostics';
import { ignoredReason } from './documentFilter';
import { OpenDocument } from './documentStore';
import { isLogPath, logDiagnostics, logMatches } from './logExplain';
import { ruleFailureLog } from './ruleFailures';
import { ServerParts } from './serverCore';

/** How long a document opened during start-up waits for the project index before it is judged without it. */
export const INDEX_WAIT_MS = 2000;

/** How long a document waits after a change before it is analysed: a burst of keystrokes is analysed once. */
export const CHANGE_SETTLE_MS = 150;

/** The longest a document waits for a burst of changes to end: a client that never pauses still gets diagnostics. */
export const CHANGE_MAX_WAIT_MS = 1000;

/** A document's analysis waiting to run, and since when it has been waiting. */
interface Pending {
  timer: NodeJS.Timeout;
  since: number;
}

/**
 * Analyses open documents and publishes their diagnostics. Superseded work is never done: changes are coalesced (a
 * document is analysed {@link CHANGE_SETTLE_MS} after its last change, at most {@link CHANGE_MAX_WAIT_MS} after its
 * first), an analysis started for an older version stops before it parses, and several documents are analysed one per
 * turn of the event loop so that requests are answered in between. A document opened before the start-up index is
 * ready waits for it (at most {@link INDEX_WAIT_MS}), so nothing the index would rule out flickers.
 */
export class DocumentValidator {
  private readonly pending = new Map<string, Pending>();
  private readonly indexed: Promise<void>;

  constructor(
    private readonly s: ServerParts,
    indexReady: Promise<void>,
  ) {
    this.indexed = Promise.race([indexReady, new Promise<void>((resolve) => setTimeout(resolve, INDEX_WAIT_MS).unref())]);
  }

  /**
   * Schedules a document's analysis: at once (`settleMs` 0: opened, or another file changed its project) or once its
   * changes settle. A schedule already waiting longer than {@link CHANGE_MAX_WAIT_MS} is kept, not postponed.
   */
  schedule(doc: OpenDocument, settleMs = 0): void {
    const existing = this.pending.get(doc.uri);
    const now = Date.now();
    if (existing && now - existing.since >= CHANGE_MAX_WAIT_MS) {
      return;
    }
    if (existing) {
      clearTimeout(existing.timer);
    }
    const timer = setTimeout(() => {
      this.pending.delete(doc.uri);
      this.validate(doc.uri).catch((e: unknown) => this.s.log(`${doc.path}: analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    }, settleMs);
    timer.unref();
    this.pending.set(doc.uri, { timer, since: existing?.since ?? now });
  }

  /** Analyses an open document and publishes its diagnostics; re-analyses the others if its facts changed its project. */
  async validate(uri: string): Promise<void> {
    await this.indexed;
    const s = this.s;
    const doc = s.documents.get(uri);
    if (!doc) {
      return;
    }
    const version = doc.version;
    const settings = await s.settings.get(uri);
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
    s.documents.prepare(uri, settings.maxFileSizeKB);
    if (doc.capped || doc.unparsable) {
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
    if (s.analyzer.index.generation !== before) {
      for (const other of s.documents.all()) {
        if (other.uri !== uri) {
          this.schedule(other);
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
