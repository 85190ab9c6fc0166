import * as vscode from 'vscode';
import { NON_CODE_CHECKLIST } from '../../../server/src/engine/report/checklist';

const STATE_KEY = 'dynamicsTls.report.checklist';

/** The non-code checklist ticks, remembered per workspace (workspaceState) so a report opened later shows them again. */
export class ChecklistState {
  constructor(private readonly memento: vscode.Memento) {}

  /** The ids of the ticked items (unknown ids from an older version are dropped). */
  checked(): Set<string> {
    const known = new Set(NON_CODE_CHECKLIST.map((i) => i.id));
    const stored = this.memento.get<unknown>(STATE_KEY);
    return new Set(Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string' && known.has(x)) : []);
  }

  /** Ticks or unticks one item; ids that are not on the checklist are ignored (the message came from the page). */
  async set(id: string, ticked: boolean): Promise<void> {
    if (!NON_CODE_CHECKLIST.some((i) => i.id === id)) {
      return;
    }
    const ids = this.checked();
    if (ticked) {
      ids.add(id);
    } else {
      ids.delete(id);
    }
    await this.memento.update(STATE_KEY, [...ids].sort());
  }
}
