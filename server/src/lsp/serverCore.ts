import { Connection } from 'vscode-languageserver';
import { Analyzer } from '../engine/analyzer';
import { Finding } from '../engine/model/finding';
import { ClientProfile } from './clientProfile';
import { DocumentStore } from './documentStore';
import { SettingsCache } from './settingsCache';

/** What the server is made of, built once at `initialize`: every handler reads it, none checks whether it exists. */
export interface ServerParts {
  readonly connection: Connection;
  readonly analyzer: Analyzer;
  readonly documents: DocumentStore;
  readonly settings: SettingsCache;
  readonly client: ClientProfile;
  /** Findings last published per file path (open documents and the workspace check's closed files). */
  readonly published: Map<string, Finding[]>;
  /** The workspace folders as engine paths; folders added or removed later change it in place. */
  readonly folders: string[];
  /** The URI a path is published under: the open document's own URI when there is one. */
  uriOf(path: string): string;
  /** A line in the client's output channel (`window/logMessage`). */
  log(message: string): void;
}

/** The server's parts and its publishing: what the handler modules are given (they never import the server itself). */
export interface ServerCore extends ServerParts {
  /** Publishes the findings that sit in one file. */
  publish(path: string, findings: Finding[], version?: number): void;
  /** Analyses an open document now and publishes its diagnostics. */
  validate(uri: string): Promise<void>;
  /** Re-analyses every open document (settings, folders or the project index changed). */
  revalidateAll(): Promise<void>;
}
