import { lstat, readFile, readdir } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { Endpoint, findEndpointsInText } from '../../engine/probe/endpoint';
import { EndpointSource } from '../../engine/probe/probeResult';
import { ExcludeMatcher } from '../../engine/scan/excludes';
import { decodeText, looksBinary } from '../../engine/text/encoding';

/** Files where endpoints are written: config, connection strings, code, scripts, settings. */
const ENDPOINT_FILES = new Set(['.config', '.json', '.xml', '.cs', '.vb', '.ps1', '.psm1', '.psd1', '.yml', '.yaml', '.ini', '.env', '.settings', '.props', '.targets', '.csproj', '.vbproj']);

/** An endpoint found in the workspace and every place it is written. */
export interface DiscoveredEndpoint {
  endpoint: Endpoint;
  sources: EndpointSource[];
}

/** What discovery is limited by: excludes (the scan's globs), a size cap per file, a cap on files read. */
export interface DiscoverOptions {
  excludes: readonly string[];
  maxFileBytes: number;
  maxFiles: number;
}

async function* endpointFiles(root: string, dir: string, o: DiscoverOptions, excludes: ExcludeMatcher): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    const rel = relative(root, full).replace(/\\/g, '/');
    if (entry.isDirectory() && !excludes.excludes(rel, true)) {
      yield* endpointFiles(root, full, o, excludes);
    } else if (entry.isFile() && ENDPOINT_FILES.has(extname(entry.name).toLowerCase()) && !excludes.excludes(rel)) {
      yield full;
    }
  }
}

/**
 * Lists the https endpoints written in a folder's config, code and scripts (links and special files are not followed;
 * excluded folders, binary and oversized files are passed over). Nothing is connected to: this only reads files, so
 * the list can be shown before anyone decides to probe.
 */
export async function discoverEndpoints(root: string, o: DiscoverOptions): Promise<DiscoveredEndpoint[]> {
  const found = new Map<string, DiscoveredEndpoint>();
  const excludes = new ExcludeMatcher(o.excludes);
  const start = await lstat(root);
  const files = start.isFile() ? [root] : [];
  if (start.isDirectory()) {
    for await (const file of endpointFiles(root, root, o, excludes)) {
      files.push(file);
      if (files.length >= o.maxFiles) {
        break;
      }
    }
  }
  for (const file of files) {
    const info = await lstat(file).catch(() => undefined);
    if (!info?.isFile() || info.size > o.maxFileBytes) {
      continue;
    }
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes || looksBinary(bytes)) {
      continue;
    }
    for (const f of findEndpointsInText(decodeText(bytes).text)) {
      const entry = found.get(f.endpoint.name) ?? { endpoint: f.endpoint, sources: [] };
      entry.sources.push({ path: file.replace(/\\/g, '/'), line: f.line, column: f.column, length: f.length });
      found.set(f.endpoint.name, entry);
    }
  }
  return [...found.values()];
}
