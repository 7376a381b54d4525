"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { pointGains, outputMatrix } = require("../device/sao-quad.js");

const close = (a, b, msg) => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} != ${b}`);
const gainsOf = (rows, input) => rows.filter(([i]) => i === input).map(([, , g]) => g);

test("stereo mode sends L to output 1 and R to output 2 only, whatever the position", () => {
  for (const position of [0, 90, 180]) {
    const rows = outputMatrix(false, position);
    assert.equal(rows.length, 8);
    assert.deepEqual(gainsOf(rows, 0), [1, 0, 0, 0]);
    assert.deepEqual(gainsOf(rows, 1), [0, 1, 0, 0]);
  }
});

test("quad at position 0 sounds exactly like stereo on the front pair", () => {
  assert.deepEqual(outputMatrix(true, 0), outputMatrix(false, 0));
});

test("quad at 90 degrees turns the image right: L to front right, R to rear right", () => {
  const rows = outputMatrix(true, 90);
  assert.deepEqual(gainsOf(rows, 0), [0, 1, 0, 0]);
  assert.deepEqual(gainsOf(rows, 1), [0, 0, 0, 1]);
});

test("quad at 180 degrees puts the image behind, mirrored", () => {
  const rows = outputMatrix(true, 180);
  assert.deepEqual(gainsOf(rows, 0), [0, 0, 0, 1]);
  assert.deepEqual(gainsOf(rows, 1), [0, 0, 1, 0]);
  assert.deepEqual(outputMatrix(true, -180), rows);
});

test("between two speakers the pan is equal power", () => {
  const [fl, fr, rl, rr] = pointGains(-22.5); // a quarter of the way from FL to FR
  close(fl, Math.cos(Math.PI / 8), "FL");
  close(fr, Math.sin(Math.PI / 8), "FR");
  assert.equal(rl + rr, 0);
  const [a, b] = pointGains(0);
  close(a, Math.SQRT1_2, "front centre FL");
  close(b, Math.SQRT1_2, "front centre FR");
});

test("every position keeps each channel's power at 1 on at most two speakers", () => {
  for (let deg = -360; deg <= 360; deg += 7.5) {
    const g = pointGains(deg);
    close(g.reduce((s, x) => s + x * x, 0), 1, `power at ${deg}`);
    assert.ok(g.filter((x) => x > 1e-9).length <= 2, `speakers used at ${deg}`);
    assert.ok(g.every((x) => x >= 0), `no negative gain at ${deg}`);
  }
});
