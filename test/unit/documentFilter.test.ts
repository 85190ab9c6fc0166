import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TlsSettings } from '../../server/src/engine/settings';
import { isExcluded } from '../../server/src/lsp/documentFilter';

/** Only the setting isExcluded reads. */
const settings = (exclude: string[]): TlsSettings => ({ exclude }) as unknown as TlsSettings;

describe('dynamicsTls.exclude for open documents', () => {
  it('answers each path relative to its innermost folder, again alike, and anew for changed settings or folders', () => {
    const legacy = settings(['legacy/**']);
    assert.equal(isExcluded(['/w'], '/w/legacy/Old.cs', legacy), true);
    assert.equal(isExcluded(['/w'], '/w/legacy/Old.cs', legacy), true);
    assert.equal(isExcluded(['/w'], '/w/src/New.cs', legacy), false);
    assert.equal(isExcluded(['/w'], '/w/legacy/Old.cs', settings([])), false);
    assert.equal(isExcluded(['/w', '/w/legacy'], '/w/legacy/Old.cs', legacy), false, 'relative to the innermost folder: Old.cs');
    assert.equal(isExcluded(['/w', '/w/legacy'], '/w/legacy/legacy/Old.cs', legacy), true);
    assert.equal(isExcluded([], '/w/legacy/Old.cs', legacy), false, 'outside every folder: the path from the root');
  });
});
