import { Evidence } from './dynamicsEvidence';
import { IndexedFile } from './indexedFile';

const EDITIONS = /^[ \t]*CompatiblePSEditions[ \t]*=[ \t]*(@\([^)]*\)|'[^'\r\n]*'|"[^"\r\n]*")/im;

/**
 * Where a module manifest (`.psd1`) says that only PowerShell 7 loads the module: `CompatiblePSEditions` names `Core`
 * and not `Desktop` (Windows PowerShell 5.1). Undefined when it says nothing or allows Desktop. Commented-out lines
 * (`#`) do not count, since the pattern starts at a line's first non-blank character.
 */
export function coreOnlyEdition(manifest: IndexedFile): Evidence | undefined {
  const m = EDITIONS.exec(manifest.text);
  const value = m?.[1] ?? '';
  if (!m || !/\bCore\b/i.test(value) || /\bDesktop\b/i.test(value)) {
    return undefined;
  }
  const start = m.index + m[0].length - value.length;
  return { path: manifest.path, start, end: start + value.length, description: `the module manifest allows only PowerShell 7 (CompatiblePSEditions = ${value.replace(/\s+/g, ' ')})` };
}
