/** Replaces control characters (terminal escape sequences included) so that text read from a file prints as inert text. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}
