import { Connection } from 'vscode-languageserver';
import { TlsSettings, parseSettings } from '../engine/settings';

/** The `dynamicsTls` section of pushed settings: the whole settings object (`{ dynamicsTls: … }`) or the section itself. */
export function settingsSection(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  return 'dynamicsTls' in r ? r.dynamicsTls : r;
}

/**
 * The `dynamicsTls` settings per resource, both ways LSP offers: pulled with `workspace/configuration` (cached per URI
 * until they change) where the client supports it; otherwise the settings the client pushes, in `initializationOptions`
 * and `workspace/didChangeConfiguration`. Each invalid value is logged once per change of the settings.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<TlsSettings>>();
  private readonly reported = new Set<string>();
  private pushed: TlsSettings;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
    private readonly log: (message: string) => void,
    initializationOptions: unknown,
  ) {
    this.pushed = this.parse(settingsSection(initializationOptions));
  }

  /** The settings that apply to a resource. */
  get(uri: string | undefined): Promise<TlsSettings> {
    if (!this.pull) {
      return Promise.resolve(this.pushed);
    }
    const key = uri ?? '';
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.fetch(uri);
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** `workspace/didChangeConfiguration`: forgets pulled values, or takes the pushed ones when the client cannot be asked. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    this.reported.clear();
    if (!this.pull) {
      this.pushed = this.parse(settingsSection(pushedSettings));
    }
  }

  private parse(raw: unknown): TlsSettings {
    const problems: string[] = [];
    const settings = parseSettings(raw, problems);
    for (const p of problems) {
      if (!this.reported.has(p)) {
        this.reported.add(p);
        this.log(`settings: ${p}`);
      }
    }
    return settings;
  }

  private async fetch(uri: string | undefined): Promise<TlsSettings> {
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'dynamicsTls' });
      return this.parse(raw);
    } catch (e) {
      this.log(`settings: could not be read (${(e as Error).message}); using defaults`);
      return parseSettings(undefined);
    }
  }
}
