import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AFFECTED_SETTLE_MS, ANALYSES_JUDGED, CHANGE_MAX_WAIT_MS, ChangeSettle, MIN_QUIET_MS, QUIET_PER_ANALYSIS_COST } from '../../server/src/lsp/changeSettle';

/** A settle on a clock the test moves by hand. */
function settleAt(): { settle: ChangeSettle; advance: (ms: number) => void } {
  let now = 1_000;
  return { settle: new ChangeSettle(() => now), advance: (ms) => (now += ms) };
}

describe('when a changed document is analysed (leading edge when quiet, trailing when busy)', () => {
  it('the first change of a document is analysed at once', () => {
    const { settle } = settleAt();
    assert.equal(settle.changed({}, false), 0);
  });

  it('a change that follows the previous one after the quiet period is analysed at once; a closer one waits the quiet period', () => {
    const { settle, advance } = settleAt();
    const doc = {};
    settle.changed(doc, false);
    settle.analysed(doc, 10);
    const quiet = QUIET_PER_ANALYSIS_COST * 10;
    assert.equal(settle.quietMs(doc), quiet);
    advance(quiet);
    assert.equal(settle.changed(doc, false), 0, 'quiet long enough: at once');
    advance(quiet - 1);
    assert.equal(settle.changed(doc, false), quiet, 'too soon after the previous change: waits');
  });

  it('the quiet period scales with the cost of the last analysis, between its floor and the maximum wait', () => {
    const { settle } = settleAt();
    const cheap = {};
    const dear = {};
    const huge = {};
    settle.analysed(cheap, 0.5);
    settle.analysed(dear, 100);
    settle.analysed(huge, 5_000);
    assert.equal(settle.quietMs(cheap), MIN_QUIET_MS);
    assert.equal(settle.quietMs(dear), QUIET_PER_ANALYSIS_COST * 100);
    assert.equal(settle.quietMs(huge), CHANGE_MAX_WAIT_MS);
    assert.equal(settle.quietMs({}), MIN_QUIET_MS, 'never analysed');
  });

  it('one slow analysis among quick ones does not hold the next keystroke back; a document whose analyses are all slow waits', () => {
    const { settle, advance } = settleAt();
    const doc = {};
    settle.changed(doc, false);
    settle.analysed(doc, 3);
    settle.analysed(doc, 3);
    // A garbage collection or the scheduler stretched this one: the typist's next keystroke, 150 ms later, is analysed at once.
    settle.analysed(doc, 60);
    assert.equal(settle.quietMs(doc), MIN_QUIET_MS);
    advance(150);
    assert.equal(settle.changed(doc, false), 0, 'at once after one slow analysis');
    for (let i = 0; i < ANALYSES_JUDGED; i++) {
      settle.analysed(doc, 60);
    }
    assert.equal(settle.quietMs(doc), QUIET_PER_ANALYSIS_COST * 60);
    advance(150);
    assert.equal(settle.changed(doc, false), QUIET_PER_ANALYSIS_COST * 60, 'every analysis slow: the keystroke waits for a pause');
  });

  it('two analyses: the cheaper one is the cost', () => {
    const { settle } = settleAt();
    const doc = {};
    settle.analysed(doc, 50);
    settle.analysed(doc, 10);
    assert.equal(settle.quietMs(doc), QUIET_PER_ANALYSIS_COST * 10);
  });

  it('a burst that never pauses is still analysed within the maximum wait of its first waiting change', () => {
    const { settle, advance } = settleAt();
    const doc = {};
    settle.changed(doc, false);
    settle.analysed(doc, 10);
    advance(1);
    const first = settle.changed(doc, false);
    assert.equal(first, 40);
    let waited = 1;
    let due = waited + first;
    // A change every 5 ms postpones the analysis by the quiet period, never past the first wait's start + maximum.
    while (waited < 2 * CHANGE_MAX_WAIT_MS && due > waited) {
      advance(5);
      waited += 5;
      due = waited + settle.changed(doc, true);
      assert.ok(due <= 1 + CHANGE_MAX_WAIT_MS, `due at ${due} ms`);
    }
    assert.equal(due, 1 + CHANGE_MAX_WAIT_MS, 'the burst ran into the maximum wait');
  });

  it('after a burst, a change that comes once the document was quiet is analysed at once again; a change right after it waits afresh', () => {
    const { settle, advance } = settleAt();
    const doc = {};
    settle.changed(doc, false);
    advance(1);
    assert.equal(settle.changed(doc, false), MIN_QUIET_MS);
    advance(MIN_QUIET_MS);
    settle.analysed(doc, 1);
    advance(MIN_QUIET_MS);
    assert.equal(settle.changed(doc, false), 0);
    advance(1);
    assert.equal(settle.changed(doc, false), MIN_QUIET_MS);
  });

  it('a document another file affected is never analysed at once: it waits for that file to pause, at most the maximum wait', () => {
    const { settle, advance } = settleAt();
    const doc = {};
    assert.equal(settle.affected(doc, false), AFFECTED_SETTLE_MS);
    settle.analysed(doc, 100);
    assert.equal(settle.affected(doc, false), QUIET_PER_ANALYSIS_COST * 100, 'an expensive document waits its own quiet period');
    advance(CHANGE_MAX_WAIT_MS - 10);
    assert.equal(settle.affected(doc, true), 10, 'postponed no further than the maximum wait');
  });

  it('a change with a newer change of its document already read behind it is never analysed at once, whatever the gap', () => {
    const { settle, advance } = settleAt();
    const doc = {};
    assert.ok(settle.changed(doc, false, true) > 0, 'the first change, with a newer one behind it');
    settle.analysed(doc, 10);
    advance(10 * CHANGE_MAX_WAIT_MS);
    assert.ok(settle.changed(doc, false, true) > 0, 'long after the previous change, with a newer one behind it');
    advance(1);
    assert.equal(settle.changed(doc, true), QUIET_PER_ANALYSIS_COST * 10, 'the last of the burst, with nothing behind it: the quiet period');
  });
});
