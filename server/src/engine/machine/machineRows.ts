import { fileKindOf } from '../model/fileKind';
import { parseRegFile } from '../regfile/regParser';
import { machineFacts } from './machineFacts';
import { judgeFacts, machineReasons } from './machineVerdict';

/** A machine row of the readiness report: one registry export found in the workspace, judged as one machine. */
export interface ReportMachine {
  path: string;
  windows: string;
  netFramework: string;
  verdict: string;
  reasons: string[];
}

/**
 * The report's machine rows: every `.reg` file of the check that is a machine export (it holds the Windows version or
 * the installed .NET Framework keys — a settings file such as the Advisory 2960358 body is not), judged as `machine`
 * judges it, ordered by path.
 */
export function machineRows(texts: ReadonlyMap<string, string>): ReportMachine[] {
  const rows: ReportMachine[] = [];
  for (const [path, text] of texts) {
    if (fileKindOf(path) !== 'registry') {
      continue;
    }
    const facts = machineFacts(parseRegFile(text));
    if (!facts.windows.exported && !facts.netFramework.exported) {
      continue;
    }
    const j = judgeFacts(facts);
    rows.push({ path, windows: j.windows, netFramework: j.netFramework, verdict: j.verdict, reasons: machineReasons(j) });
  }
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
