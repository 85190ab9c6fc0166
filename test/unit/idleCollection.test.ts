import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InboundMessages } from '../../server/src/lsp/changeLookahead';
import { HEADROOM_PER_ANALYSIS, IdleCollection, YoungHeap, v8YoungHeap } from '../../server/src/lsp/idleCollection';

const MB = 1024 * 1024;

/** A young generation of `capacity` bytes the test fills by hand; a collection empties it. */
function fakeHeap(capacity: number): YoungHeap & { used: number; collected: number } {
  const heap = {
    used: 0,
    collected: 0,
    read: () => ({ used: heap.used, available: capacity - heap.used }),
    collect: () => {
      heap.used = 0;
      heap.collected++;
    },
  };
  return heap;
}

/** Inbound messages with a switch for "a message was read and waits". */
function inbound(): InboundMessages & { waiting: boolean } {
  const box = {
    waiting: false,
    newerChangeWaiting: () => box.waiting,
    afterWaiting: (then: () => void) => then(),
    anyWaiting: () => box.waiting,
  };
  return box;
}

/** Lets the idle moment after a handled message pass (two turns and the pause after the writes). */
const idleMomentPasses = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 40));

describe('the young generation is collected while the server is idle, when the next analysis might not fit', () => {
  it('not while the next analysis fits; once the free space is below the headroom of the largest allocation seen', async () => {
    const heap = fakeHeap(8 * MB);
    const idle = new IdleCollection(heap, inbound());
    idle.afterWork();
    await idleMomentPasses();
    const perAnalysis = 1 * MB;
    let analyses = 0;
    while (heap.collected === 0 && analyses < 20) {
      heap.used += perAnalysis;
      analyses++;
      idle.afterWork();
      await idleMomentPasses();
      if (heap.collected === 0) {
        assert.ok(8 * MB - heap.used >= HEADROOM_PER_ANALYSIS * perAnalysis, `not collected with ${heap.used} bytes in use`);
      }
    }
    assert.equal(heap.collected, 1, 'collected once the next analysis might not fit');
    assert.ok(8 * MB - analyses * perAnalysis < HEADROOM_PER_ANALYSIS * perAnalysis, `collected after ${analyses} analyses`);
    assert.ok(analyses >= 6, `not before it had to be (after ${analyses} analyses of 1 MB in 8 MB)`);
  });

  it('not while a message waits: that message is handled first, and its handling brings the next idle moment', async () => {
    const heap = fakeHeap(8 * MB);
    const messages = inbound();
    const idle = new IdleCollection(heap, messages);
    idle.afterWork();
    await idleMomentPasses();
    heap.used = 7.5 * MB;
    idle.afterWork();
    await idleMomentPasses();
    assert.equal(heap.collected, 1, 'nearly full after a large allocation: collected');
    heap.used = 7.5 * MB;
    messages.waiting = true;
    idle.afterWork();
    await idleMomentPasses();
    assert.equal(heap.collected, 1, 'a message waits: not collected');
    messages.waiting = false;
    idle.afterWork();
    await idleMomentPasses();
    assert.equal(heap.collected, 2, 'collected at the next idle moment');
  });

  it('many messages handled in one burst bring one idle check, not one per message', async () => {
    let reads = 0;
    const heap = fakeHeap(8 * MB);
    const counting: YoungHeap = { read: () => (reads++, heap.read()), collect: () => heap.collect() };
    const idle = new IdleCollection(counting, inbound());
    for (let i = 0; i < 100; i++) {
      idle.afterWork();
    }
    await idleMomentPasses();
    assert.equal(reads, 1);
  });

  it("V8's young generation is read and collected without exposing gc to the server's own code", () => {
    const heap = v8YoungHeap();
    assert.ok(heap, 'V8 offers a scavenge');
    let garbage: object[] | undefined = [];
    for (let i = 0; i < 20_000; i++) {
      garbage.push({ i });
    }
    garbage = undefined;
    const before = heap.read();
    assert.ok(before.used > 0 && before.available >= 0, JSON.stringify(before));
    heap.collect();
    const after = heap.read();
    assert.ok(after.used < before.used, `a collection ran: ${before.used} → ${after.used} bytes in use`);
    assert.equal(garbage, undefined);
    assert.equal(typeof (globalThis as { gc?: unknown }).gc === 'function', process.execArgv.includes('--expose-gc'));
  });
});
