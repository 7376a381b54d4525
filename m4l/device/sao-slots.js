"use strict";
/**
 * Slot allocation: fragments go round robin into the first `count` of the device's buffer slots
 * (1-based, as printed on the device), wrapping to slot 1; each slot remembers what it holds.
 */
const MAX_SLOTS = 8;

class SlotRing {
  constructor(count = MAX_SLOTS, max = MAX_SLOTS) {
    this.max = max;
    this.slots = new Map();
    this.cursor = 0;
    this.setCount(count);
  }

  /** Use only slots 1..n (clamped to 1..max); the next load wraps if the cursor is past n. */
  setCount(n) {
    const value = Math.round(Number(n));
    this.count = Number.isFinite(value) ? Math.min(Math.max(value, 1), this.max) : this.max;
    if (this.cursor >= this.count) this.cursor = 0;
    return this.count;
  }

  /** Put a fragment into the next slot and return that slot's number. */
  assign(fragment) {
    const slot = this.cursor + 1;
    this.cursor = (this.cursor + 1) % this.count;
    this.slots.set(slot, fragment);
    return slot;
  }

  get(slot) {
    return this.slots.get(slot);
  }
}

module.exports = { MAX_SLOTS, SlotRing };
