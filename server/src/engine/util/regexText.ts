/** A text as a regular expression that matches exactly it (every pattern built from names or words the code reads). */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
