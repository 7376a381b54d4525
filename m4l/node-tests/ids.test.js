"use strict";
// Fragment ids travel back to Python as symbols: a JS number in an outlet becomes a Max int or
// float and udpsend would send it as an OSC number, which /sao/vary refuses.
const test = require("node:test");
const assert = require("node:assert/strict");
const { attach } = require("../device/sao-controller.js");
const { createMaxApi } = require("./max-api-standin.js");
const { makeFragmentsTree } = require("./fixtures.js");

const tree = makeFragmentsTree();
test.after(tree.cleanup);

function varyAfterLoading(id, prompt = "pad") {
  const max = createMaxApi();
  attach(max, { platform: "linux" });
  max.send("folder", tree.folder);
  max.send("fragment", id, tree.files.wav, 2, 44100, prompt);
  max.send("played", 1, 127);
  max.take();
  max.send("vary");
  return max.take();
}

test("ids are passed on to /sao/vary exactly as they came, as strings", () => {
  for (const id of ["f0123456789ab", "f12e4ab000000", "12e4ab", "1e5", "0x1f", "120000", "007"]) {
    const [vary, status] = varyAfterLoading(id);
    assert.deepEqual(vary, ["vary", id]);
    assert.equal(typeof vary[1], "string", `${id} must stay a string`);
    assert.equal(status[4], `vary slot 1 (${id}) requested`);
  }
});

test("an id that reached Node as a number still leaves as a string", () => {
  const [vary] = varyAfterLoading(120000);
  assert.deepEqual(vary, ["vary", "120000"]);
  assert.equal(typeof vary[1], "string");
});

test("with no prompt the slot label shows the id as text", () => {
  const max = createMaxApi();
  attach(max, { platform: "linux" });
  max.send("folder", tree.folder);
  max.take();
  max.send("fragment", "12e4ab", tree.files.wav, 2, 44100, "");
  const label = max.take().find((m) => m[2] === "slot-label-1");
  assert.deepEqual(label, ["script", "send", "slot-label-1", "set", "12e4ab"]);
});
