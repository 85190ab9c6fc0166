/**
 * The one escaping step of every human-readable output (text, Markdown, `fix` messages, the server's messages and
 * the report view): a file name or a value from a file is shown, never obeyed. C0 and C1 controls, DEL, line and
 * paragraph separators and the bidirectional marks, overrides and isolates are written as visible escapes (`\x1b`,
 * `\n`, `\u202e`), so that a name cannot recolour or clear a terminal, set its title, overwrite or reverse a line, or
 * start a new report line. A lone surrogate (how a scan carries a name byte that is not valid UTF-8, see
 * node/byteNames.ts) is shown as the byte it stands for (`\xff`). Everything else is kept as it is.
 */
export function escapeForDisplay(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeOne) : text;
}

/** True when a text holds a character `escapeForDisplay` would escape (for tests and assertions of output). */
export function hasUnsafeCharacter(text: string): boolean {
  return UNSAFE.test(text);
}

// C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F), ALM (U+061C), LRM/RLM (U+200E–U+200F), LS/PS (U+2028–U+2029),
// bidi embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and lone surrogates.
const CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSAFE = new RegExp(CLASS);
const UNSAFE_ALL = new RegExp(CLASS, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) {
    return named;
  }
  const code = c.charCodeAt(0);
  if (code >= 0xdc80 && code <= 0xdcff) {
    return `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}`;
  }
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
