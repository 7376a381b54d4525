"use strict";
// The adapter dials: /sao/adapters labels and moves them silently, turning one sends /sao/blend.
const test = require("node:test");
const assert = require("node:assert/strict");
const { attach } = require("../device/sao-controller.js");
const { parseAdapters } = require("../device/sao-messages.js");
const { HOLD_MS } = require("../device/sao-adapters.js");
const { createMaxApi } = require("./max-api-standin.js");

function device() {
  const clock = { t: 1000 };
  const max = createMaxApi();
  attach(max, { platform: "linux", now: () => clock.t });
  max.take();
  return { max, clock };
}

const labels = (sent) => sent.filter((m) => /^adapter-label-/.test(m[2])).map((m) => [m[2], m[4]]);
const sets = (sent) => sent.filter((m) => m[0] === "dial");
const blends = (sent) => sent.filter((m) => m[0] === "blend");

test("/sao/adapters pairs are parsed; zero pairs arrive from route as a bang", () => {
  assert.deepEqual(parseAdapters(["rain", 0.5, "vinyl", 0]), {
    ok: true,
    adapters: [{ name: "rain", strength: 0.5 }, { name: "vinyl", strength: 0 }],
  });
  assert.deepEqual(parseAdapters(["bang"]), { ok: true, adapters: [] });
  assert.deepEqual(parseAdapters([]), { ok: true, adapters: [] });
  assert.deepEqual(parseAdapters([808, 1]).adapters, [{ name: "808", strength: 1 }]);
});

test("malformed /sao/adapters lists are refused with the reason", () => {
  const reason = (args) => parseAdapters(args).reason;
  assert.equal(reason(["rain", 0.5, "vinyl"]), "/sao/adapters: expected name strength pairs, got 3 arguments");
  assert.equal(reason(["", 0.5]), "/sao/adapters: adapter 1: name must be a non-empty string");
  assert.match(reason(["rain", 1.5]), /strength of 'rain' must be a number in 0\.\.1, got '1\.5'/);
  assert.match(reason(["rain", -0.1]), /got '-0\.1'/);
  assert.match(reason(["rain", "0.5"]), /got '0\.5'/);
  assert.match(reason(["rain", Number.NaN]), /got 'NaN'/);
});

test("a blend labels the dials and sets their values without sending /sao/blend", () => {
  const { max } = device();
  max.send("adapters", "rain", 0.5, "vinyl", 0.25);
  const sent = max.take();
  assert.deepEqual(labels(sent), [
    ["adapter-label-1", "rain"],
    ["adapter-label-2", "vinyl"],
    ["adapter-label-3", "-"],
    ["adapter-label-4", "-"],
  ]);
  assert.deepEqual(sets(sent), [
    ["dial", 1, "set", 0.5],
    ["dial", 2, "set", 0.25],
    ["dial", 3, "set", 0],
    ["dial", 4, "set", 0],
  ]);
  assert.deepEqual(blends(sent), []);
  assert.equal(sent.length, 8);
});

test("turning a dial sends /sao/blend with its adapter's name; an unused dial sends nothing", () => {
  const { max } = device();
  max.send("adapters", "rain", 0.5, "12e4", 0.25);
  max.take();
  max.send("blend", 1, 0.7);
  max.send("blend", 2, 1);
  max.send("blend", 3, 0.4);
  max.send("blend", 4, 0);
  const sent = max.take();
  assert.deepEqual(sent, [
    ["blend", "rain", 0.7],
    ["blend", "12e4", 1],
  ]);
  assert.equal(typeof sent[1][1], "string", "an adapter name that looks like a number stays text");
});

test("before the first /sao/adapters every dial is unused", () => {
  const { max } = device();
  max.send("blend", 1, 0.3); // Live restoring a stored value on load
  assert.deepEqual(max.take(), []);
});

test("Python's echo of a blend moves nothing; a late stale echo waits until the hand lets go", () => {
  const { max, clock } = device();
  max.send("adapters", "rain", 0.5);
  max.take();
  max.send("blend", 1, 0.52);
  max.send("blend", 1, 0.6);
  max.take();
  max.send("adapters", "rain", Math.fround(0.52)); // the answer to the first turn, late
  assert.deepEqual(max.take(), [], "the dial stays under the performer's hand");
  max.send("adapters", "rain", Math.fround(0.6));
  assert.deepEqual(max.take(), [], "the answer equals the dial: nothing to do");
  clock.t += HOLD_MS + 1;
  max.send("adapters", "rain", 0.25); // changed on the page
  assert.deepEqual(max.take(), [["dial", 1, "set", 0.25]]);
});

test("dials follow the first four adapters in Python's order; removed ones go back to '-'", () => {
  const { max } = device();
  max.send("adapters", "a", 0.1, "b", 0.2, "c", 0.3, "d", 0.4, "e", 0.5);
  assert.deepEqual(labels(max.take()).map(([, l]) => l), ["a", "b", "c", "d"]);
  max.send("adapters", "a", 0.1);
  const sent = max.take();
  assert.deepEqual(labels(sent), [
    ["adapter-label-2", "-"],
    ["adapter-label-3", "-"],
    ["adapter-label-4", "-"],
  ]);
  assert.deepEqual(sets(sent), [
    ["dial", 2, "set", 0],
    ["dial", 3, "set", 0],
    ["dial", 4, "set", 0],
  ]);
  max.send("blend", 2, 0.9);
  assert.deepEqual(max.take(), []);
});

test("a long adapter name is shortened on its label but sent whole", () => {
  const { max } = device();
  max.send("adapters", "rainy-afternoon-v3", 0.5);
  assert.deepEqual(labels(max.take())[0], ["adapter-label-1", "rainy-af…"]);
  max.send("blend", 1, 0.2);
  assert.deepEqual(max.take(), [["blend", "rainy-afternoon-v3", 0.2]]);
});

test("a malformed list is shown and changes no dial", () => {
  const { max } = device();
  max.send("adapters", "rain", 0.5);
  max.take();
  max.send("adapters", "rain", 2);
  assert.deepEqual(max.take(), [
    ["script", "send", "status", "set", "ignored: /sao/adapters: strength of 'rain' must be a number in 0..1, got '2'"],
  ]);
  max.send("blend", 1, 0.3);
  assert.deepEqual(max.take(), [["blend", "rain", 0.3]]);
});

test("the device asks for the blend whenever the patcher reports its Out port", () => {
  const { max } = device();
  max.send("outport", 7401); // once after "ready" on load, then on every change
  assert.deepEqual(max.take(), [["askadapters"]]);
  max.send("outport", 9001);
  assert.deepEqual(max.take(), [["askadapters"]]);
});

test("/sao/status busy is shown like the other states", () => {
  const { max } = device();
  max.send("status", "busy", "merged", "into", "the", "pending", "generation");
  assert.deepEqual(max.take(), [
    ["script", "send", "status", "set", "busy: merged into the pending generation"],
  ]);
});
