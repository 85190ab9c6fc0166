import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An old-style console project on 4.5.2 that TLS001's safe fix retargets; `padding` comment lines make it large. */
export function legacyProject(padding = 0): string {
  const filler = padding > 0 ? `  <!-- ${'x'.repeat(90)} -->\r\n`.repeat(padding) : '';
  return `<?xml version="1.0" encoding="utf-8"?>\r\n<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\r\n  <PropertyGroup>\r\n    <OutputType>Exe</OutputType>\r\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\r\n  </PropertyGroup>\r\n${filler}</Project>\r\n`;
}

/** A fresh folder holding `App/App.csproj` (and the given extra files, by relative path). */
export function fixWorkspace(project = legacyProject(), extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-fixws-'));
  writeFileSync(join(dir, 'App.csproj'), project);
  for (const [rel, text] of Object.entries(extra)) {
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}
