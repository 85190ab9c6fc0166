import { Connection } from 'vscode-languageserver';
import { TlsSettings, parseSettings } from '../engine/settings';

/** Reads `dynamicsTls` settings per resource through `workspace/configuration`, cached per URI until they change. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<TlsSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly supported: () => boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** The settings that apply to a resource (defaults when the client cannot be asked). */
  get(uri: string | undefined): Promise<TlsSettings> {
    const key = uri ?? '';
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.fetch(uri);
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** Forgets every cached value (on `workspace/didChangeConfiguration`). */
  clear(): void {
    this.cache.clear();
  }

  private async fetch(uri: string | undefined): Promise<TlsSettings> {
    if (!this.supported()) {
      return parseSettings(undefined);
    }
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'dynamicsTls' });
      const problems: string[] = [];
      const settings = parseSettings(raw, problems);
      problems.forEach((p) => this.log(`settings: ${p}`));
      return settings;
    } catch (e) {
      this.log(`settings: could not be read (${(e as Error).message}); using defaults`);
      return parseSettings(undefined);
    }
  }
}
