import { SeverityOverrides } from './analyzer';
import { Severity } from './model/finding';
import { DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_SIZE_KB } from './scan/excludes';

/** The extension's settings (`dynamicsTls.*`): one definition read by the server, the CLI and the manifest test. */
export interface TlsSettings {
  /** Per-rule severity override; `off` disables the rule. */
  rules: Record<string, Severity | 'off'>;
  /** Glob patterns of files and folders the workspace check skips. */
  exclude: string[];
  /** Files above this size are skipped with a reason. */
  maxFileSizeKB: number;
  /** Traces the LSP messages to the output channel. */
  traceServer: 'off' | 'messages' | 'verbose';
}

/** Defaults, mirrored in package.json `contributes.configuration` (a unit test compares them). */
export const DEFAULT_SETTINGS: TlsSettings = {
  rules: {},
  exclude: [...DEFAULT_EXCLUDES],
  maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB,
  traceServer: 'off',
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Validates raw settings (from the editor or a settings.json); bad entries fall back to defaults with a message. */
export function parseSettings(raw: unknown, problems: string[] = []): TlsSettings {
  const out: TlsSettings = { ...DEFAULT_SETTINGS, rules: {}, exclude: [...DEFAULT_SETTINGS.exclude] };
  if (!raw || typeof raw !== 'object') {
    return out;
  }
  const r = raw as Record<string, unknown>;
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof sev === 'string' && SEVERITIES.has(sev)) {
        out.rules[id.toUpperCase()] = sev as Severity | 'off';
      } else {
        problems.push(`dynamicsTls.rules.${id}: "${String(sev)}" is not error, warning, information, hint or off`);
      }
    }
  }
  if (Array.isArray(r.exclude)) {
    out.exclude = r.exclude.filter((g): g is string => typeof g === 'string');
  }
  if (typeof r.maxFileSizeKB === 'number' && r.maxFileSizeKB > 0) {
    out.maxFileSizeKB = r.maxFileSizeKB;
  }
  const trace = (r.trace as Record<string, unknown> | undefined)?.server;
  if (trace === 'off' || trace === 'messages' || trace === 'verbose') {
    out.traceServer = trace;
  }
  return out;
}

/** Reads `dynamicsTls.*` keys from a flat VS Code settings.json object into the nested shape parseSettings takes. */
export function fromFlatSettings(json: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === 'dynamicsTls' && value && typeof value === 'object') {
      Object.assign(nested, value);
    } else if (key.startsWith('dynamicsTls.')) {
      const parts = key.slice('dynamicsTls.'.length).split('.');
      let cursor = nested;
      for (const part of parts.slice(0, -1)) {
        cursor[part] = (cursor[part] as Record<string, unknown>) ?? {};
        cursor = cursor[part] as Record<string, unknown>;
      }
      cursor[parts[parts.length - 1] ?? ''] = value;
    }
  }
  return nested;
}

/** The severity overrides part of the settings. */
export function severityOverrides(settings: TlsSettings): SeverityOverrides {
  return settings.rules;
}
