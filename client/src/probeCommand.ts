import * as vscode from 'vscode';
import { parseEndpoint } from '../../server/src/engine/probe/endpoint';
import { ProbeRun } from '../../server/src/engine/probe/probeResult';
import { commonAncestor } from '../../server/src/engine/scan/workspaceScan';
import { discoverEndpoints } from '../../server/src/node/probe/discoverEndpoints';
import { ProbeTarget, probeAll, systemLookup } from '../../server/src/node/probe/probeEndpoints';
import { SHOW_REPORT_COMMAND } from './checkWorkspace';
import { ReportPanel } from './report/reportPanel';

/** "Dynamics TLS: Probe endpoints" (a contract: the palette and other tools call it). */
export const PROBE_COMMAND = 'dynamicsTls.probeEndpoints';
/** Not in the palette: cancels the running probe as the notification's Cancel button does, for tests in the extension host. */
export const PROBE_CANCEL_COMMAND = 'dynamicsTls.probeCancel';

/** Options of the probe command: endpoints given (skips the pickers), consent given (skips the question), limits, trust. */
export interface ProbeCommandOptions {
  endpoints?: string[];
  confirmed?: boolean;
  timeoutMs?: number;
  /** Extra trusted roots (PEM), like the CLI's `--ca`. */
  extraCa?: string[];
}

/** What the command returns: the run (undefined when the user stopped before connecting). */
export type ProbeCommandResult = ProbeRun | undefined;

async function workspaceTargets(): Promise<{ targets: ProbeTarget[]; baseDir: string } | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Dynamics TLS Readiness: open a folder to find its endpoints, or type one in.');
    return undefined;
  }
  const excludes = vscode.workspace.getConfiguration('dynamicsTls').get<string[]>('exclude') ?? [];
  const found = (await Promise.all(folders.map((f) => discoverEndpoints(f, { excludes, maxFileBytes: 2048 * 1024, maxFiles: 50_000 })))).flat();
  if (found.length === 0) {
    void vscode.window.showInformationMessage('Dynamics TLS Readiness: no https endpoints are written in this workspace. Type one in instead.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((f) => ({
      label: f.endpoint.name,
      description: f.endpoint.dynamics ? 'Dynamics 365' : undefined,
      detail: f.sources.map((s) => `${vscode.workspace.asRelativePath(s.path)}:${s.line + 1}`).join(', '),
      picked: true,
      found: f,
    })),
    { canPickMany: true, title: `${found.length} endpoint(s) found in the workspace — choose the ones to probe`, ignoreFocusOut: true },
  );
  if (!picked?.length) {
    return undefined;
  }
  return { targets: picked.map((p) => ({ target: p.found.endpoint, sources: p.found.sources })), baseDir: commonAncestor(folders.map((f) => f.replace(/\\/g, '/'))) };
}

async function typedTarget(): Promise<ProbeTarget[] | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Probe an endpoint',
    prompt: 'A host, host:port or https:// URL',
    placeHolder: 'contoso.crm.dynamics.com',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const e = parseEndpoint(v);
      return 'error' in e ? e.error : undefined;
    },
  });
  return typed ? [{ target: parseEndpoint(typed), sources: [] }] : undefined;
}

async function chooseTargets(): Promise<{ targets: ProbeTarget[]; baseDir: string | undefined } | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Endpoints written in this workspace', description: 'lists them first; nothing connects until you confirm', from: 'workspace' as const },
      { label: 'Type an endpoint…', from: 'typed' as const },
    ],
    { title: 'Probe endpoints' },
  );
  if (choice?.from === 'workspace') {
    return workspaceTargets();
  }
  const typed = choice ? await typedTarget() : undefined;
  return typed ? { targets: typed, baseDir: undefined } : undefined;
}

/**
 * Registers "Probe endpoints": the workspace's endpoints (listed, chosen) or one typed in; asks before connecting; probes
 * with a cancellable progress notification; shows the results in the readiness report beside "Outside the code".
 * Unavailable in Restricted Mode: a cloned repository must not make the editor contact hosts on the user's network.
 */
export function registerProbeCommand(context: vscode.ExtensionContext, report: ReportPanel, output: vscode.OutputChannel): void {
  let running: AbortController | undefined;
  const probe = async (options: ProbeCommandOptions = {}): Promise<ProbeCommandResult> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Dynamics TLS Readiness: probing endpoints is not available in Restricted Mode. Trust the workspace first.');
      return undefined;
    }
    if (running) {
      void vscode.window.showInformationMessage('Dynamics TLS Readiness: a probe is already running.');
      return undefined;
    }
    const chosen = options.endpoints ? { targets: options.endpoints.map((e) => ({ target: parseEndpoint(e), sources: [] })), baseDir: undefined } : await chooseTargets();
    if (!chosen) {
      return undefined;
    }
    if (!options.confirmed) {
      const go = 'Connect';
      const names = chosen.targets.map((t) => ('name' in t.target ? t.target.name : t.target.input));
      const answer = await vscode.window.showWarningMessage(
        `Connect to ${names.length} endpoint(s)? Each gets one TLS handshake per version (1.0 to 1.3).`,
        { modal: true, detail: names.slice(0, 20).join('\n') + (names.length > 20 ? `\n… and ${names.length - 20} more` : '') },
        go,
      );
      if (answer !== go) {
        return undefined;
      }
    }
    const controller = new AbortController();
    running = controller;
    try {
      const run = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Probing endpoints', cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return probeAll(chosen.targets, {
            timeoutMs: options.timeoutMs ?? 5000,
            concurrency: 8,
            extraCa: options.extraCa ?? [],
            env: process.env,
            lookup: systemLookup,
            signal: controller.signal,
            onRecord: (r, done, total) => progress.report({ message: `${done} of ${total}: ${r.probe.endpoint} — ${r.probe.verdict}`, increment: 100 / total }),
          });
        },
      );
      for (const r of run.records) {
        output.appendLine(`Probe ${r.probedAt} ${r.probe.endpoint}: ${r.probe.verdict} — ${r.reasons.join('; ')}`);
      }
      report.setProbes({ run, baseDir: chosen.baseDir });
      await vscode.commands.executeCommand(SHOW_REPORT_COMMAND);
      return run;
    } finally {
      running = undefined;
    }
  };
  const argument = (value: unknown): ProbeCommandOptions => {
    const o = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
    return { endpoints: strings(o.endpoints), confirmed: o.confirmed === true, timeoutMs: typeof o.timeoutMs === 'number' ? o.timeoutMs : undefined, extraCa: strings(o.extraCa) };
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(PROBE_COMMAND, (options?: unknown) => probe(argument(options))),
    vscode.commands.registerCommand(PROBE_CANCEL_COMMAND, () => running?.abort()),
  );
}
