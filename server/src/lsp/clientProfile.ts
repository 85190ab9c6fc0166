import { InitializeParams } from 'vscode-languageserver';

/**
 * What the connected editor can do, read once from `initialize`: the server adapts to it (pull or pushed settings,
 * `window/showDocument` or a message with the link, progress or none) instead of assuming VS Code.
 */
export interface ClientProfile {
  /** The client answers `workspace/configuration` (else settings come from `initializationOptions` and pushes). */
  configuration: boolean;
  /** The client opens documents on `window/showDocument`. */
  showDocument: boolean;
  /** The client shows server-initiated `window/workDoneProgress`. */
  workDoneProgress: boolean;
  /** The client sends `workspace/didChangeWorkspaceFolders`. */
  workspaceFolders: boolean;
  /** The client runs the server's commands with its own UI (the VS Code extension): no `executeCommandProvider` then. */
  ownCommands: boolean;
}

/** The initialization option by which the VS Code extension says it registers the commands itself. */
export const OWN_COMMANDS_OPTION = 'clientRunsCommands';

/** Reads the client profile from the `initialize` parameters. */
export function clientProfileOf(params: InitializeParams): ClientProfile {
  const caps = params.capabilities;
  const options = params.initializationOptions as Record<string, unknown> | null | undefined;
  return {
    configuration: Boolean(caps.workspace?.configuration),
    showDocument: Boolean(caps.window?.showDocument?.support),
    workDoneProgress: Boolean(caps.window?.workDoneProgress),
    workspaceFolders: Boolean(caps.workspace?.workspaceFolders),
    ownCommands: options?.[OWN_COMMANDS_OPTION] === true,
  };
}

/** The workspace folders of `initialize` as engine paths (the root URI when the client sends no folders). */
export function initialFolders(params: InitializeParams, toPath: (uri: string) => string | undefined): string[] {
  const folders = (params.workspaceFolders ?? []).map((f) => toPath(f.uri)).filter((p): p is string => Boolean(p));
  if (folders.length === 0 && params.rootUri) {
    const root = toPath(params.rootUri);
    if (root) {
      folders.push(root);
    }
  }
  return folders;
}
