import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ReportMessage, renderReportHtml } from './reportHtml';
import { CheckWorkspaceResult } from '../../../server/src/lsp/protocol';
import { ChecklistState } from './checklistState';
import { ReportProbes, probeChecklistItem, probeSection } from './probeSection';

/** What the report's buttons do; the extension supplies them (the page itself only posts messages). */
export interface ReportActions {
  fixAll(): Promise<unknown>;
  exportReport(format: 'markdown' | 'sarif'): Promise<unknown>;
  recheck(): Promise<unknown>;
}

/** The view type of the readiness report's webview panel. */
export const REPORT_VIEW_TYPE = 'dynamicsTls.readinessReport';

/** A fresh CSP nonce: 128 random bits, base64 without padding. */
function nonce(): string {
  return randomBytes(16).toString('base64').replace(/=+$/, '');
}

/** True when a value is a non-negative integer (indices posted by the page are checked before use). */
function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * The readiness report view: one webview panel, re-rendered from the latest check's result, with a strict CSP and the
 * checklist ticks from workspaceState. Messages from the page are validated before they open a file or run an action.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private data: CheckWorkspaceResult | undefined;
  private probeResults: ReportProbes | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly checklist: ChecklistState,
    private readonly actions: ReportActions,
  ) {}

  /** The result the view shows (the last check's), if any. */
  get result(): CheckWorkspaceResult | undefined {
    return this.data;
  }

  /** True while the panel is open. */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens (or reveals) the report with a check's result. */
  show(result: CheckWorkspaceResult): void {
    this.data = result;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        REPORT_VIEW_TYPE,
        'Dynamics TLS readiness',
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        { enableScripts: true, enableCommandUris: false, localResourceRoots: [], retainContextWhenHidden: true },
      );
      this.panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), undefined, this.disposables);
    } else {
      this.panel.reveal(undefined, false);
    }
    this.render();
  }

  /** Shows a new result in the panel if it is open (a re-check from elsewhere); keeps it for a later `show` otherwise. */
  update(result: CheckWorkspaceResult): void {
    this.data = result;
    if (this.panel) {
      this.render();
    }
  }

  /** The last probe's results, shown beside the checklist from now on (re-renders an open panel). */
  setProbes(probes: ReportProbes): void {
    this.probeResults = probes;
    this.render();
  }

  /** The last probe's results, if any (the Markdown export adds them). */
  get probes(): ReportProbes | undefined {
    return this.probeResults;
  }

  /** The HTML currently set on the panel (tests read it to check what the view shows). */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  private render(): void {
    if (this.panel && this.data) {
      this.panel.webview.html = renderReportHtml(this.data, {
        nonce: nonce(),
        checked: this.checklist.checked(),
        checklistExtra: probeChecklistItem(this.probeResults),
        besideChecklist: probeSection(this.probeResults),
      });
    }
  }

  /** Handles a message as if the page had posted it (the page's only channel; tests in the extension host use it too). */
  async receive(raw: unknown): Promise<void> {
    await this.onMessage(raw);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (typeof raw !== 'object' || raw === null) {
      return;
    }
    const m = raw as Partial<ReportMessage> & Record<string, unknown>;
    switch (m.type) {
      case 'open':
        await this.openFinding(m.unit, m.finding);
        return;
      case 'toggle':
        if (typeof m.id === 'string' && typeof m.checked === 'boolean') {
          await this.checklist.set(m.id, m.checked);
        }
        return;
      case 'fixAll':
        await this.actions.fixAll();
        return;
      case 'exportMarkdown':
        await this.actions.exportReport('markdown');
        return;
      case 'exportSarif':
        await this.actions.exportReport('sarif');
        return;
      case 'recheck':
        await this.actions.recheck();
        return;
      default:
        return;
    }
  }

  /** Opens the file of a finding with its range selected. */
  private async openFinding(unit: unknown, finding: unknown): Promise<void> {
    if (!isIndex(unit) || !isIndex(finding)) {
      return;
    }
    const f = this.data?.units[unit]?.findings[finding];
    if (!f) {
      return;
    }
    const range = new vscode.Range(f.line, f.character, f.endLine, f.endCharacter);
    await vscode.window.showTextDocument(vscode.Uri.file(f.path), { selection: range, viewColumn: vscode.ViewColumn.One, preview: false });
  }

  /** Closes the panel. */
  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
