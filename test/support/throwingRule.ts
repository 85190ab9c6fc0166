import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './engineHarness';
import { THROW_MARKER } from './throwingRuleEntry';

/** The compiled test entry point: the CLI (and `lsp --stdio`) with the test-only rule TLS999 that throws. */
export const THROWING_ENTRY = join(REPO_ROOT, 'out', 'test', 'support', 'throwingRuleEntry.js');

/** A copy of samples/ whose ContosoCrmSync.csproj mentions the marker (an XML comment), so TLS999 throws on it. */
export function samplesWithMarker(): { dir: string; project: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-throwing-'));
  cpSync(join(REPO_ROOT, 'samples'), dir, { recursive: true });
  const project = join(dir, 'ContosoCrmSync', 'ContosoCrmSync.csproj');
  writeFileSync(project, readFileSync(project, 'utf8').replace('</Project>', `<!-- ${THROW_MARKER} --></Project>`));
  return { dir, project };
}
