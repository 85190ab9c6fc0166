import { Finding } from '../engine/model/finding';
import { isContextFile } from '../engine/project/workspaceIndex';
import { retargetVersion } from '../engine/settings';
import { sizeCapDiagnostic, toDiagnostic } from './diagnostics';
import { ignoredReason } from './documentFilter';
import { OpenDocument } from './documentStore';
import { isLogPath, logDiagnostics, logMatches } from './logExplain';
import { ruleFailureLog } from './ruleFailures';
import { ServerParts } from './serverCore';

/** How long a document opened during start-up waits for the project index before it is judged without it. */
export const INDEX_WAIT_MS = 2000;

/**
 * Analyses open documents and publishes their diagnostics. Bursts of changes are coalesced; a document opened before
 * the start-up index is ready waits for it (at most {@link INDEX_WAIT_MS}), so nothing the index would rule out flickers.
 */
export class DocumentValidator {
  private readonly pending = new Map<string, NodeJS.Immediate>();
  private readonly indexed: Promise<void>;

  constructor(
    private readonly s: ServerParts,
    indexReady: Promise<void>,
  ) {
    this.indexed = Promise.race([indexReady, new Promise<void>((resolve) => setTimeout(resolve, INDEX_WAIT_MS).unref())]);
  }

  /** Coalesces bursts of changes: the newest version of a document is analysed once the event queue is drained. */
  schedule(doc: OpenDocument): void {
    const existing = this.pending.get(doc.uri);
    if (existing) {
      clearImmediate(existing);
    }
    this.pending.set(
      doc.uri,
      setImmediate(() => {
        this.pending.delete(doc.uri);
        this.validate(doc.uri).catch((e: unknown) => this.s.log(`${doc.path}: analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
      }),
    );
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
    if (doc.capped) {
      s.log(`${doc.path}: not analysed (${doc.capped})`);
      s.published.set(doc.path, []);
      void s.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [sizeCapDiagnostic(doc.capped)] });
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
    }
  }
}
