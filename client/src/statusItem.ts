import * as vscode from 'vscode';
import { CheckWorkspaceResult } from '../../server/src/lsp/protocol';

/** The files the status item shows for (the ones the server analyses; app.config may open as plain text). */
const STATUS_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/*.{csproj,vbproj,props,config,cs,ps1,psm1,reg}' }];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The language status item of the readiness check: the last check's verdict and counts, when and how long it ran;
 * clicking it runs the check again.
 */
export class CheckStatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor(checkCommand: string) {
    this.item = vscode.languages.createLanguageStatusItem('dynamicsTls.readiness', STATUS_SELECTOR);
    this.item.name = 'Dynamics TLS readiness';
    this.item.text = '$(shield) TLS readiness: not checked';
    this.item.detail = 'Check the workspace';
    this.item.command = { title: 'Check', command: checkCommand, tooltip: 'Check Dynamics TLS readiness' };
  }

  /** The item's current text (tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** The item's current detail (tests read it). */
  get detail(): string | undefined {
    return this.item.detail;
  }

  /** Shows that a check is running. */
  running(): void {
    this.item.busy = true;
    this.item.detail = 'Checking…';
  }

  /** Shows a finished check's verdict, counts, time of day and duration. */
  update(result: CheckWorkspaceResult, at: Date = new Date()): void {
    const errors = result.totals.error ?? 0;
    const warnings = result.totals.warning ?? 0;
    const info = result.totals.information ?? 0;
    this.item.busy = false;
    const icon = errors > 0 ? '$(error)' : warnings > 0 ? '$(warning)' : '$(pass)';
    this.item.text = `${icon} TLS: ${result.verdict} — ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${info} info`;
    this.item.severity = errors > 0 ? vscode.LanguageStatusSeverity.Error : warnings > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    this.item.detail =
      `Last check ${time}: ${plural(result.units.length, 'project/script')}, ${plural(result.files, 'file')} in ${(result.elapsedMs / 1000).toFixed(1)} s` +
      (result.cancelled ? ' (cancelled)' : '');
  }

  /** Shows that a check failed, was cancelled or was not run (the last verdict stays). */
  idle(detail = 'Check the workspace'): void {
    this.item.busy = false;
    this.item.detail = detail;
  }

  /** Removes the item. */
  dispose(): void {
    this.item.dispose();
  }
}
