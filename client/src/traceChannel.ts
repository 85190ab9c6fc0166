import * as vscode from 'vscode';

/** The trace level chosen in `dynamicsTls.trace.server` (for the window: the setting is window-scoped). */
function traceSetting(): string {
  return vscode.workspace.getConfiguration('dynamicsTls').get<string>('trace.server', 'off');
}

/**
 * The channel vscode-languageclient writes its message trace to: the extension's output channel, seen through a log
 * level that follows `dynamicsTls.trace.server`. The library traces only while its trace channel's level is Trace (and
 * then treats `off` as `messages`), so this view reports Trace exactly when the setting is not `off`: the setting alone
 * switches the trace on and off, as users of other linters expect, and the trace lines show at any channel level.
 */
export function createTraceChannel(output: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  const level = (): vscode.LogLevel => (traceSetting() === 'off' ? vscode.LogLevel.Off : vscode.LogLevel.Trace);
  const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('dynamicsTls.trace.server')) {
      changed.fire(level());
    }
  });
  return {
    name: output.name,
    get logLevel(): vscode.LogLevel {
      return level();
    },
    onDidChangeLogLevel: changed.event,
    trace: (message: string) => output.appendLine(message),
    debug: (message: string, ...args: unknown[]) => output.debug(message, ...args),
    info: (message: string, ...args: unknown[]) => output.info(message, ...args),
    warn: (message: string, ...args: unknown[]) => output.warn(message, ...args),
    error: (error: string | Error, ...args: unknown[]) => output.error(error, ...args),
    append: (value: string) => output.append(value),
    appendLine: (value: string) => output.appendLine(value),
    replace: (value: string) => output.replace(value),
    clear: () => output.clear(),
    show: (columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean) =>
      typeof columnOrPreserveFocus === 'number' ? output.show(columnOrPreserveFocus, preserveFocus) : output.show(columnOrPreserveFocus),
    hide: () => output.hide(),
    dispose: () => {
      subscription.dispose();
      changed.dispose();
    },
  };
}
