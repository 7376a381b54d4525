"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { SlotRing, MAX_SLOTS } = require("../device/sao-slots.js");

test("fragments go round robin into slots 1..8 and wrap to slot 1", () => {
  const ring = new SlotRing();
  const slots = Array.from({ length: 10 }, (_, i) => ring.assign({ id: `f${i}` }));
  assert.deepEqual(slots, [1, 2, 3, 4, 5, 6, 7, 8, 1, 2]);
  assert.equal(MAX_SLOTS, 8);
});

test("a slot remembers the latest fragment put into it", () => {
  const ring = new SlotRing(2);
  ring.assign({ id: "a" });
  ring.assign({ id: "b" });
  ring.assign({ id: "c" });
  assert.equal(ring.get(1).id, "c");
  assert.equal(ring.get(2).id, "b");
  assert.equal(ring.get(3), undefined);
});

test("lowering the slot count wraps a cursor that is past the new end", () => {
  const ring = new SlotRing();
  for (let i = 0; i < 5; i++) ring.assign({});
  assert.equal(ring.setCount(3), 3);
  const next = () => ring.assign({});
  assert.deepEqual([next(), next(), next(), next()], [1, 2, 3, 1]);
});

test("raising the slot count keeps the cursor where it is", () => {
  const ring = new SlotRing(2);
  ring.assign({});
  ring.setCount(4);
  assert.deepEqual([ring.assign({}), ring.assign({}), ring.assign({})], [2, 3, 4]);
});

test("slot counts are clamped to 1..8; nonsense means all slots", () => {
  const ring = new SlotRing();
  assert.equal(ring.setCount(0), 1);
  assert.equal(ring.setCount(-3), 1);
  assert.equal(ring.setCount(20), 8);
  assert.equal(ring.setCount(2.6), 3);
  assert.equal(ring.setCount("x"), 8);
});
