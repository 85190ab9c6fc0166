import type { ExplainJson } from '../engine/explain/render';

/** The request behind "Dynamics TLS: Explain a connection error": the client sends `{ text }`, the engine explains it. */
export const EXPLAIN_REQUEST = 'dynamicsTls/explain';

/** What the explain request returns: the `explain --format json` contract plus the Markdown the editor shows. */
export interface ExplainResult extends ExplainJson {
  markdown: string;
}
