"use strict";
/**
 * The four adapter dials. Dial n (1-based) sets the strength of the n-th adapter in Python's
 * /sao/adapters list; a dial with no adapter shows "-" and sends nothing.
 *
 * Python answers every accepted /sao/blend with the whole blend. While the performer turns a
 * dial, answers to values it already left behind arrive late; setting the dial to them would
 * pull it back under the hand, so a dial turned in the last HOLD_MS keeps its own position.
 */
const DIALS = 4;
const HOLD_MS = 300;
const UNUSED = "-";
const SAME = 1e-4; // Python sends 32-bit floats: 0.52 comes back as 0.5199999809
// Written without ?. and ??, which Node before 14 lacks (older Node for Max releases).

class AdapterDials {
  constructor({ count = DIALS, holdMs = HOLD_MS, now = Date.now } = {}) {
    this.holdMs = holdMs;
    this.now = now;
    // `shown` is false until Python's blend first reaches the dial: Live restores a stored value
    // on load that Node never hears of, so the first blend always sets the dial.
    const dial = () => ({ name: null, value: 0, turnedAt: -Infinity, shown: false });
    this.dials = Array.from({ length: count }, dial);
  }

  /** The performer set dial n to `value`: the blend to send, or null when the dial has no adapter. */
  turned(n, value) {
    const dial = this.dials[n - 1];
    const strength = Math.min(1, Math.max(0, Number(value)));
    if (!dial || dial.name === null || !Number.isFinite(strength)) return null;
    Object.assign(dial, { value: strength, turnedAt: this.now() });
    return { name: dial.name, strength };
  }

  /**
   * Take Python's blend; returns what the device must show, per dial that changed:
   * {dial, label} for a new adapter name and/or {dial, value} for a value to set silently.
   */
  update(adapters) {
    const changes = [];
    this.dials.forEach((dial, i) => {
      const adapter = adapters[i] || null;
      const name = adapter ? adapter.name : null;
      const target = adapter ? adapter.strength : 0;
      const change = { dial: i + 1 };
      const moved = name !== dial.name || !dial.shown;
      if (moved) {
        Object.assign(dial, { name, turnedAt: -Infinity, shown: true });
        change.label = name === null ? UNUSED : name;
      }
      const held = this.now() - dial.turnedAt < this.holdMs;
      if (moved || (!held && Math.abs(target - dial.value) > SAME)) {
        dial.value = target;
        change.value = target;
      }
      if ("label" in change || "value" in change) changes.push(change);
    });
    return changes;
  }
}

module.exports = { AdapterDials, DIALS, HOLD_MS, UNUSED };
