import { OffsetEdit } from '../fixes/textFix';

/**
 * Microsoft's sample app registration for development, from "Use of Office365 authentication with Microsoft Dataverse"
 * (docs/rules/DYN101.md): it works in every online cloud, and Microsoft asks production code to use its own registration.
 */
export const SAMPLE_APP_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';
/** The redirect URI that goes with the sample AppId (same page). */
export const SAMPLE_REDIRECT_URI = 'app://58145B91-0C36-4500-8554-080854F2AC97';

/** `AuthType=Office365` as a key of a connection string (any case, spaces around `=`), never inside a longer word. */
const OFFICE365_AUTH = /(?<![A-Za-z0-9_])AuthType\s*=\s*(Office365)(?![A-Za-z0-9_])/gi;

/** Where a text sets `AuthType=Office365`: the offsets of the whole pair and of its value, relative to the text. */
export interface Office365Pair {
  start: number;
  end: number;
  valueStart: number;
}

/** Every `AuthType=Office365` pair of a text (a connection string, a literal, an attribute value). */
export function office365Pairs(text: string): Office365Pair[] {
  const out: Office365Pair[] = [];
  OFFICE365_AUTH.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = OFFICE365_AUTH.exec(text))) {
    out.push({ start: m.index, end: m.index + m[0].length, valueStart: m.index + m[0].length - (m[1] ?? '').length });
  }
  return out;
}

/** A connection-string key is present (`AppId=`, also its aliases), at the start or after a `;`. */
function hasKey(text: string, names: readonly string[]): boolean {
  return new RegExp(`(?:^|[;"'\\s])(?:${names.join('|')})\\s*=`, 'i').test(text);
}

/**
 * The edits that turn one `AuthType=Office365` pair of `text` into OAuth as Microsoft's page shows it: the value becomes
 * `OAuth`, and right after it the sample `AppId`, `RedirectUri` and `LoginPrompt=Auto` are added unless the text
 * already has them (`ClientId` is XrmTooling's other name for `AppId`). Username, Password and Url stay: the page's
 * OAuth string keeps them. Nothing is escaped because nothing added needs escaping in C#, XML or PowerShell strings.
 * `base` is the offset of `text` in the file.
 */
export function oauthEdits(text: string, pair: Office365Pair, base: number): OffsetEdit[] {
  const added = [
    hasKey(text, ['AppId', 'ClientId', 'ApplicationId']) ? '' : `;AppId=${SAMPLE_APP_ID}`,
    hasKey(text, ['RedirectUri', 'ReplyUrl']) ? '' : `;RedirectUri=${SAMPLE_REDIRECT_URI}`,
    hasKey(text, ['LoginPrompt']) ? '' : ';LoginPrompt=Auto',
  ].join('');
  return [{ start: base + pair.valueStart, end: base + pair.end, newText: `OAuth${added}` }];
}

/** The title of the quick fix that switches a connection string to OAuth (never bulk-safe: it changes how users sign in). */
export const OAUTH_FIX_TITLE = "Use AuthType=OAuth with Microsoft's development AppId and RedirectUri (register your own app for production)";
