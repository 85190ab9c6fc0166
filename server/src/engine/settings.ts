import { SeverityOverrides } from './analyzer';
import { Severity } from './model/finding';
import { RULE_ID_SCHEMA_PATTERN, isRuleId } from './model/ruleIds';
import { DEFAULT_RETARGET, RETARGET_CHOICES, RetargetChoice, isRetargetChoice } from './project/targetFramework';
import { DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_SIZE_KB, MAX_FILE_SIZE_KB_LIMIT } from './scan/excludes';

/** The extension's settings (`dynamicsTls.*`): one definition read by the server, the CLI and the manifest test. */
export interface TlsSettings {
  /** Per-rule severity override; `off` disables the rule. */
  rules: Record<string, Severity | 'off'>;
  /** Glob patterns of files and folders the workspace check skips. */
  exclude: string[];
  /** Files above this size are skipped with a reason. */
  maxFileSizeKB: number;
  /** The preferred, bulk-safe retarget of TLS001/TLS013/TLS027 (4.8 by default: 4.6.2's support ends on 12 January 2027). */
  retargetTo: RetargetChoice;
  /** Traces the LSP messages to the output channel. */
  traceServer: 'off' | 'messages' | 'verbose';
}

/** The manifest key of each setting (package.json `contributes.configuration.properties`; a unit test compares them). */
export const SETTING_KEYS: Readonly<Record<keyof TlsSettings, string>> = {
  rules: 'dynamicsTls.rules',
  exclude: 'dynamicsTls.exclude',
  maxFileSizeKB: 'dynamicsTls.maxFileSizeKB',
  retargetTo: 'dynamicsTls.retargetTo',
  traceServer: 'dynamicsTls.trace.server',
};

/** The scope of each setting: the analysis settings are per resource (a folder may differ), tracing is per window. */
export const SETTING_SCOPES: Readonly<Record<keyof TlsSettings, 'resource' | 'window'>> = {
  rules: 'resource',
  exclude: 'resource',
  maxFileSizeKB: 'resource',
  retargetTo: 'resource',
  traceServer: 'window',
};

/** The keys `dynamicsTls.rules` accepts, as package.json's JSON schema spells them (`propertyNames.pattern`). */
export const RULE_KEY_PATTERN = RULE_ID_SCHEMA_PATTERN;

/** The values `dynamicsTls.rules` accepts per rule id. */
export const RULE_SETTING_VALUES: readonly (Severity | 'off')[] = ['error', 'warning', 'information', 'hint', 'off'];

/** The values of `dynamicsTls.trace.server`. */
export const TRACE_VALUES: readonly TlsSettings['traceServer'][] = ['off', 'messages', 'verbose'];

/** The values of `dynamicsTls.retargetTo` (and the CLI's `--retarget-to`), lowest first. */
export const RETARGET_VALUES: readonly RetargetChoice[] = Object.keys(RETARGET_CHOICES) as RetargetChoice[];

/** Defaults, mirrored in package.json `contributes.configuration` (a unit test compares them). */
export const DEFAULT_SETTINGS: TlsSettings = {
  rules: {},
  exclude: [...DEFAULT_EXCLUDES],
  maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB,
  retargetTo: DEFAULT_RETARGET,
  traceServer: 'off',
};

const SEVERITIES: ReadonlySet<string> = new Set(RULE_SETTING_VALUES);

/** Validates raw settings (from the editor or a settings.json); bad entries fall back to defaults with a message. */
export function parseSettings(raw: unknown, problems: string[] = []): TlsSettings {
  const out: TlsSettings = { ...DEFAULT_SETTINGS, rules: {}, exclude: [...DEFAULT_SETTINGS.exclude] };
  if (!raw || typeof raw !== 'object') {
    return out;
  }
  const r = raw as Record<string, unknown>;
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
      if (!isRuleId(id)) {
        problems.push(`dynamicsTls.rules.${id}: not a rule id (TLS0xx or DYN1xx, e.g. TLS001 or DYN101); ignored`);
      } else if (typeof sev === 'string' && SEVERITIES.has(sev)) {
        out.rules[id.toUpperCase()] = sev as Severity | 'off';
      } else {
        problems.push(`dynamicsTls.rules.${id}: "${String(sev)}" is not error, warning, information, hint or off`);
      }
    }
  }
  if (Array.isArray(r.exclude)) {
    out.exclude = r.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0);
  } else if (r.exclude !== undefined) {
    problems.push('dynamicsTls.exclude: not a list of glob patterns; using the defaults');
  }
  if (typeof r.maxFileSizeKB === 'number' && r.maxFileSizeKB > MAX_FILE_SIZE_KB_LIMIT) {
    out.maxFileSizeKB = MAX_FILE_SIZE_KB_LIMIT;
    problems.push(`dynamicsTls.maxFileSizeKB: ${r.maxFileSizeKB} is above the maximum, ${MAX_FILE_SIZE_KB_LIMIT} (the largest file the parser handles safely); using ${MAX_FILE_SIZE_KB_LIMIT}`);
  } else if (typeof r.maxFileSizeKB === 'number' && r.maxFileSizeKB > 0) {
    out.maxFileSizeKB = r.maxFileSizeKB;
  } else if (r.maxFileSizeKB !== undefined) {
    problems.push(`dynamicsTls.maxFileSizeKB: "${String(r.maxFileSizeKB)}" is not a positive number; using ${DEFAULT_SETTINGS.maxFileSizeKB}`);
  }
  if (isRetargetChoice(r.retargetTo)) {
    out.retargetTo = r.retargetTo;
  } else if (r.retargetTo !== undefined) {
    problems.push(`dynamicsTls.retargetTo: "${String(r.retargetTo)}" is not ${RETARGET_VALUES.join(', ')}; using ${DEFAULT_RETARGET}`);
  }
  const trace = (r.trace as Record<string, unknown> | undefined)?.server;
  if ((TRACE_VALUES as readonly unknown[]).includes(trace)) {
    out.traceServer = trace as TlsSettings['traceServer'];
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

/** The preferred retarget of the settings as a version number (what the rules read, RuleContext.retargetTo). */
export function retargetVersion(settings: Pick<TlsSettings, 'retargetTo'>): number {
  return RETARGET_CHOICES[settings.retargetTo];
}

/** The severity overrides part of the settings. */
export function severityOverrides(settings: TlsSettings): SeverityOverrides {
  return settings.rules;
}
