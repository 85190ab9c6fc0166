import { CodeActionParams } from 'vscode-languageserver';
import { Finding } from '../engine/model/finding';
import { isUnder, relativePath } from '../engine/project/paths';
import { ExcludeMatcher } from '../engine/scan/excludes';
import { TlsSettings } from '../engine/settings';
import { FIX_ALL_KIND } from './protocol';
import { ServerCore } from './serverCore';

/**
 * Why an open document gets no diagnostics, or undefined: the editor honours `dynamicsTls.exclude` (globs relative to
 * the workspace folder, as the workspace check and the CLI match them). The size cap is the document store's job (a
 * document above it is never parsed and gets one information diagnostic saying so).
 */
export function ignoredReason(folders: readonly string[], path: string, settings: TlsSettings): string | undefined {
  return isExcluded(folders, path, settings) ? 'excluded by dynamicsTls.exclude' : undefined;
}

/** True when `dynamicsTls.exclude` matches a path relative to its (innermost) workspace folder. */
export function isExcluded(folders: readonly string[], path: string, settings: TlsSettings): boolean {
  // Asked on every keystroke for the same document: answered once per path, folders and settings array.
  let answers = verdicts.get(settings.exclude);
  if (!answers) {
    answers = new Map();
    verdicts.set(settings.exclude, answers);
  }
  const key = `${folders.join('\0')}\0${path}`;
  let excluded = answers.get(key);
  if (excluded === undefined) {
    const folder = folders.filter((f) => isUnder(path, f)).sort((a, b) => b.length - a.length)[0];
    const relative = folder ? relativePath(folder, path) : path.replace(/^\/+/, '');
    excluded = matcherFor(settings.exclude).excludes(relative);
    if (answers.size >= KEPT_VERDICTS) {
      answers.clear();
    }
    answers.set(key, excluded);
  }
  return excluded;
}

/** isExcluded's answers by settings array (settings are cached per resource; a changed setting is a new array). */
const verdicts = new WeakMap<readonly string[], Map<string, boolean>>();
/** At most this many paths' answers per settings array (documents opened over a long session). */
const KEPT_VERDICTS = 1000;

/** Compiled matchers by settings array: settings are cached per resource, so a keystroke compiles no glob. */
const matchers = new WeakMap<readonly string[], ExcludeMatcher>();

function matcherFor(globs: readonly string[]): ExcludeMatcher {
  let matcher = matchers.get(globs);
  if (!matcher) {
    matcher = new ExcludeMatcher(globs);
    matchers.set(globs, matcher);
  }
  return matcher;
}

/** True when a code action request asks for `source.fixAll.dynamicsTls` explicitly (on save, or the fix-all command). */
export function wantsFixAllOnly(params: CodeActionParams): boolean {
  const only = params.context.only;
  return Boolean(only?.length && only.every((k) => k === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${k}.`)));
}

/**
 * The findings code actions are computed from. The lightbulb uses what was published (what the user sees); a fix-all
 * request first re-validates the open document's current text, so a save that follows an edit never gets stale edits.
 */
export async function findingsForActions(s: ServerCore, uri: string, path: string, params: CodeActionParams): Promise<Finding[]> {
  if (s.documents.get(uri) && wantsFixAllOnly(params)) {
    await s.validate(uri);
  }
  return s.published.get(path) ?? [];
}
