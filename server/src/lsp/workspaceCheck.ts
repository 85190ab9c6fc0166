import { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import { Finding } from '../engine/model/finding';
import { TOOL_VERSION } from '../engine/model/docs';
import { machineRows } from '../engine/machine/machineRows';
import { isUnder } from '../engine/project/paths';
import { ReadinessReport, buildReadinessReport } from '../engine/report/readiness';
import { toReportData } from '../engine/report/reportData';
import { planSafeFixes } from '../engine/rules/safeFixes';
import { IndexFirst, readTextFile, scanWorkspace } from '../engine/scan/workspaceScan';
import { toMarkdown } from '../engine/report/formats/markdown';
import { toSarif } from '../engine/report/formats/sarif';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { defaultJobs, scanJobs } from '../node/scanPool/scanJobs';
import { retargetVersion } from '../engine/settings';
import {
  CHECK_PROGRESS_NOTIFICATION,
  CHECK_WORKSPACE_REQUEST,
  CheckProgressParams,
  CheckWorkspaceParams,
  CheckWorkspaceResult,
  EXPORT_REPORT_REQUEST,
  ExportReportParams,
  ExportReportResult,
  SAFE_FIXES_REQUEST,
  SafeFixesResult,
} from './protocol';
import { onOptionalParamsRequest } from './requestArgs';
import { ruleFailureLog } from './ruleFailures';
import { grammarReady } from './grammarReady';
import { workspaceSafeFixes } from './safeFixEdits';
import { ServerCore } from './serverCore';
import { URI } from './uri';

/** The most worker threads the start-up index starts (each one's start, its grammars included, is ≈ 100 ms of CPU). */
const INDEX_WORKERS = 2;

/**
 * The readiness check over the workspace: indexes context at start-up, runs the cancellable check on request with
 * progress, keeps its results in Problems for closed files until they change or the check runs again.
 */
export class WorkspaceCheck {
  /** Findings of the last check per file path. */
  private lastResults = new Map<string, Finding[]>();
  /** The last check's report and findings, for export. */
  private lastReport: { report: ReadinessReport; findings: Finding[] } | undefined;
  /** Source text the last index or check of the workspace handed out to parse: the next check's workers start at once from the threshold on. */
  private sourceSeen = 0;

  /** `startupIndexed`: a check asked for during the start-up index waits for it (it would walk and read the same files). */
  constructor(
    private readonly s: ServerCore,
    private readonly startupIndexed: Promise<void> = Promise.resolve(),
  ) {}

  /** Registers the check's requests on the connection (params optional, as every client may send them). */
  register(): void {
    onOptionalParamsRequest<CheckWorkspaceParams, CheckWorkspaceResult>(this.s.connection, CHECK_WORKSPACE_REQUEST, (params, token) => this.run(params, token));
    onOptionalParamsRequest<object, SafeFixesResult>(this.s.connection, SAFE_FIXES_REQUEST, () => workspaceSafeFixes(this.s));
    onOptionalParamsRequest<ExportReportParams, ExportReportResult>(this.s.connection, EXPORT_REPORT_REQUEST, (params) => {
      const last = this.lastReport;
      if (!last) {
        return {};
      }
      const text =
        params.format === 'sarif'
          ? JSON.stringify(toSarif(last.findings, last.report.baseDir, TOOL_VERSION), null, 2) + '\n'
          : toMarkdown(last.report, new Set(params.checked ?? []));
      return { text, baseDir: last.report.baseDir };
    });
  }

  /**
   * Fills the project index from the folders' project, props and config files (and code facts): at start-up (`startup`
   * then orders it for the open documents), and for added folders. The source files are parsed in worker threads, so
   * that this thread neither loads a grammar nor grows its wasm memory (which never shrinks) for them — the facts come
   * back as plain data and the workers' memory leaves with them. Open documents' texts win over the disk, as their own
   * analyses will.
   */
  async indexContext(roots: readonly string[] = this.s.folders, startup?: IndexFirst): Promise<void> {
    if (roots.length === 0) {
      return;
    }
    const t0 = Date.now();
    // The workers start now, while this thread asks for the settings and walks the folders; one core is left to this
    // thread (the walk, the reads, the editor's requests and the open documents' analyses), and two at most: every
    // start pays each worker's start, small workspaces too.
    const jobs = scanJobs(this.s.analyzer, { jobs: Math.min(INDEX_WORKERS, Math.max(1, defaultJobs() - 1)), useThisThread: false, parser: this.s.analyzer.parser.name, keptTreeBudget: 0, indexOnly: true, expectedSource: Infinity });
    try {
      const settings = await this.s.settings.get(URI.fromPath(roots[0] ?? '/'));
      await scanWorkspace(nodeFileSystem, this.s.analyzer, {
        work: jobs.work,
        roots: [...roots],
        excludes: settings.exclude,
        maxFileSizeKB: settings.maxFileSizeKB,
        indexOnly: true,
        ...(startup ? { indexFirst: startup } : {}),
        overlay: (path) => this.s.documents.byPath(path)?.text,
      });
      this.sourceSeen = Math.max(this.sourceSeen, jobs.sourceHandedOut());
    } finally {
      await jobs.close();
    }
    this.s.log(`indexed ${this.s.analyzer.index.projects().length} project(s) in ${Date.now() - t0} ms on ${jobs.workers()} worker thread(s)`);
  }

  /** A workspace folder was removed: its files leave the index, and its closed files' diagnostics are cleared. */
  forgetFolder(folder: string): void {
    const index = this.s.analyzer.index;
    for (const path of [...index.allFiles().map((f) => f.path), ...index.codeFactPaths()]) {
      if (isUnder(path, folder) && !this.s.documents.byPath(path)) {
        index.remove(path);
      }
    }
    for (const path of [...this.s.published.keys()]) {
      if (isUnder(path, folder) && !this.s.documents.byPath(path)) {
        this.lastResults.delete(path);
        this.s.published.delete(path);
        void this.s.connection.sendDiagnostics({ uri: this.s.uriOf(path), diagnostics: [] });
      }
    }
  }

  /** Runs the check over the given folders (default: the workspace folders), reporting to `progress` when given. */
  async run(params: CheckWorkspaceParams, token: CancellationToken, progress?: WorkDoneProgressReporter): Promise<CheckWorkspaceResult> {
    const t0 = Date.now();
    await this.startupIndexed;
    const folders = params.folders?.length ? params.folders.map((f) => URI.toPath(f) ?? f) : this.s.folders;
    const settingsByFolder = await Promise.all(folders.map(async (f) => ({ folder: f, settings: await this.s.settings.get(URI.fromPath(f)) })));
    const first = settingsByFolder[0]?.settings;
    const excludes = [...new Set(settingsByFolder.flatMap((x) => x.settings.exclude))];
    // The innermost folder holding a file decides its rule overrides (a name prefix alone would match /ws/ab for /ws/a).
    const innermostFirst = [...settingsByFolder].sort((a, b) => b.folder.length - a.folder.length);
    const isCancelled = (): boolean => token.isCancellationRequested;
    // A large workspace is parsed and analysed in worker threads, which stop when the check ends (or is cancelled).
    const jobs = scanJobs(this.s.analyzer, { jobs: defaultJobs(), useThisThread: false, parser: this.s.analyzer.parser.name, keptTreeBudget: 0, isCancelled, expectedSource: this.sourceSeen });
    const result = await scanWorkspace(nodeFileSystem, this.s.analyzer, {
      work: jobs.work,
      roots: folders,
      excludes,
      maxFileSizeKB: first?.maxFileSizeKB ?? 2048,
      // The long-running server parses twice rather than grow its wasm memory, which never shrinks.
      keptTreeBudget: 0,
      overridesFor: (path) => innermostFirst.find((x) => isUnder(path, x.folder))?.settings.rules,
      retargetFor: (path) => {
        const folder = innermostFirst.find((x) => isUnder(path, x.folder));
        return folder ? retargetVersion(folder.settings) : undefined;
      },
      isCancelled,
      overlay: (path) => this.s.documents.byPath(path)?.text,
      progressIntervalMs: 100,
      onProgress: (p) => {
        void this.s.connection.sendNotification(CHECK_PROGRESS_NOTIFICATION, p satisfies CheckProgressParams);
        progress?.report(p.phase === 'discover' ? `finding files: ${p.done}` : `${p.phase}: ${p.done} of ${p.total} files`);
      },
    }).finally(() => jobs.close());
    if (!result.cancelled) {
      this.sourceSeen = jobs.sourceHandedOut();
    }
    result.ruleFailures.forEach(ruleFailureLog(this.s.log));
    const byFile = new Map<string, Finding[]>();
    for (const f of result.findings) {
      const list = byFile.get(f.path);
      if (list) {
        list.push(f);
      } else {
        byFile.set(f.path, [f]);
      }
    }
    const retained = new Set<string>();
    if (result.cancelled) {
      // A cancelled check keeps what it found and leaves the files it did not reach as the previous check left them.
      const analysed = new Set(result.files);
      for (const [old, list] of this.lastResults) {
        if (!analysed.has(old) && !byFile.has(old)) {
          byFile.set(old, list);
          retained.add(old);
        }
      }
    }
    for (const old of this.lastResults.keys()) {
      if (!byFile.has(old) && !this.s.documents.byPath(old)) {
        this.s.published.delete(old);
        void this.s.connection.sendDiagnostics({ uri: this.s.uriOf(old), diagnostics: [] });
      }
    }
    this.lastResults = byFile;
    for (const [path, list] of byFile) {
      if (!retained.has(path) && !this.s.documents.byPath(path)) {
        this.s.publish(path, list);
      }
    }
    const report = buildReadinessReport(this.s.analyzer.index, result.findings, result.files, result.baseDir, result.skipped);
    this.lastReport = { report, findings: result.findings };
    this.s.log(`check: ${result.files.length} file(s), ${result.findings.length} finding(s) in ${Date.now() - t0} ms on ${jobs.workers()} worker thread(s)${result.cancelled ? ' (cancelled)' : ''}`);
    return {
      ...toReportData(report, {
        files: result.files.length,
        skipped: result.skipped,
        cancelled: result.cancelled,
        elapsedMs: Date.now() - t0,
        safeFixCount: planSafeFixes(result.findings).applied.length,
      }),
      machines: machineRows(result.texts),
    };
  }

  /** A document was closed: a file the last check covered shows its saved state's findings; others are cleared. */
  async closed(path: string, uri: string): Promise<void> {
    if (this.lastResults.has(path)) {
      await this.refreshClosedFile(path, false);
      return;
    }
    this.s.published.delete(path);
    void this.s.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** A closed file the last check covered changed on disk: re-analyse it (or clear it when deleted). */
  async refreshClosedFile(path: string, deleted: boolean): Promise<void> {
    if (!this.lastResults.has(path) || this.s.documents.byPath(path)) {
      return;
    }
    if (deleted) {
      this.lastResults.delete(path);
      this.s.published.delete(path);
      void this.s.connection.sendDiagnostics({ uri: URI.fromPath(path), diagnostics: [] });
      return;
    }
    const settings = await this.s.settings.get(URI.fromPath(path));
    const read = await readTextFile(nodeFileSystem, path, settings.maxFileSizeKB * 1024);
    await grammarReady(this.s.analyzer.parser, path);
    const findings = 'text' in read ? this.s.analyzer.analyze(path, read.text, { severityOverrides: settings.rules, retargetTo: retargetVersion(settings), onRuleError: ruleFailureLog(this.s.log) }) : [];
    this.lastResults.set(path, findings);
    this.s.publish(path, findings);
  }
}
