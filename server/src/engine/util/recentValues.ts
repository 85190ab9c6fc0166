/**
 * The last few values computed, found by their owner's identity and a key: a memo for values that one analysis asks
 * for several times in a row and the next analysis no longer needs. Not a WeakMap by owner: V8's scavenger keeps a
 * WeakMap entry whose value reaches its own key until a full collection, and with it every keystroke's analysis
 * (docs/performance.md, "What survives a keystroke").
 */
export class RecentValues<Owner extends object, Value> {
  private readonly slots: { owner: Owner; key: string; value: Value }[] = [];

  constructor(private readonly size: number) {}

  /** The value kept for this owner and key, if it is still among the last ones. */
  get(owner: Owner, key = ''): Value | undefined {
    for (const slot of this.slots) {
      if (slot.owner === owner && slot.key === key) {
        return slot.value;
      }
    }
    return undefined;
  }

  /** Keeps a value as the latest, dropping the oldest beyond the size. */
  set(owner: Owner, value: Value, key = ''): Value {
    this.slots.unshift({ owner, key, value });
    if (this.slots.length > this.size) {
      this.slots.length = this.size;
    }
    return value;
  }
}
