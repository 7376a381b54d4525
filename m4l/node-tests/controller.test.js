"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const Module = require("node:module");
const { attach } = require("../device/sao-controller.js");
const { createMaxApi } = require("./max-api-standin.js");
const { makeFragmentsTree } = require("./fixtures.js");

const tree = makeFragmentsTree();
test.after(tree.cleanup);

function device() {
  const max = createMaxApi();
  attach(max, { platform: "linux" });
  assert.deepEqual(max.take(), [["ready"]]);
  return max;
}

const fragment = (id, file, prompt = `prompt ${id}`) => ["fragment", id, file, 2.5, 44100, prompt];
const status = (max) => max.outlets.filter((m) => m[2] === "status").map((m) => m[4]);

test("a fragment in the folder is loaded into slot 1 with duration, label and status", () => {
  const max = device();
  max.send("folder", tree.folder);
  assert.deepEqual(status(max), [`fragments folder: ${tree.folder}`]);
  max.take();
  max.send(...fragment("f1", tree.files.wav, "gritty pad"));
  assert.deepEqual(max.take(), [
    ["voice", 1, "replace", tree.files.wav],
    ["voice", 1, "duration", 2500],
    ["script", "send", "slot-label-1", "set", "gritty pad"],
    ["script", "send", "status", "set", "slot 1 <- gritty pad"],
  ]);
});

test("nine fragments wrap round to slot 1; the slot count limits the ring", () => {
  const max = device();
  max.send("folder", tree.folder);
  const slots = [];
  for (let i = 0; i < 9; i++) {
    max.take();
    max.send(...fragment(`f${i}`, tree.files.wav));
    slots.push(max.outlets[0][1]);
  }
  assert.deepEqual(slots, [1, 2, 3, 4, 5, 6, 7, 8, 1]);
  max.send("slots", 2);
  max.take();
  max.send(...fragment("g", tree.files.wav));
  max.send(...fragment("h", tree.files.wav));
  assert.deepEqual(max.take().filter((m) => m[2] === "replace").map((m) => m[1]), [2, 1]);
});

test("bad paths are reported on the device and load nothing", () => {
  const max = device();
  max.send("folder", tree.folder);
  max.take();
  const cases = [
    ["r", "relative/a.wav", /^ignored r: 'relative\/a.wav' is not an absolute path$/],
    ["o", tree.files.outsideWav, /^ignored o: .* is outside the fragments folder/],
    ["t", `${tree.folder}/../elsewhere/other.wav`, /^ignored t: .* contains '\.\.'$/],
    ["x", tree.files.text, /^ignored x: .* is not an audio file/],
    ["m", path.join(tree.folder, "gone.wav"), /^ignored m: .* does not exist$/],
  ];
  for (const [id, file, pattern] of cases) {
    max.send(...fragment(id, file));
    const sent = max.take();
    assert.equal(sent.length, 1, `only a status line for ${file}`);
    assert.match(sent[0][4], pattern);
  }
  max.send(...fragment("ok", tree.files.nested));
  assert.equal(max.take()[0][1], 1, "the first good fragment still goes to slot 1");
});

test("a folder handed on as 'symbol <path>' (pattr's way) is accepted", () => {
  const max = device();
  max.send("folder", "symbol", `${tree.folder}/`);
  assert.deepEqual(status(max), [`fragments folder: ${tree.folder}`]);
});

test("before a folder is chosen every fragment is ignored", () => {
  const max = device();
  max.send("folder", 0); // what an unset pattr sends
  max.send(...fragment("f1", tree.files.wav));
  const lines = status(max);
  assert.match(lines[0], /^ignored: no fragments folder set/);
  assert.match(lines[1], /^ignored f1: no fragments folder set/);
  assert.equal(max.outlets.filter((m) => m[0] === "voice").length, 0);
});

test("malformed messages and unknown addresses are reported", () => {
  const max = device();
  max.send("fragment", "f1", tree.files.wav);
  max.send("status", "sleeping");
  max.send("unknown", "/sao/other", 1, 2);
  assert.deepEqual(status(max), [
    "ignored: /sao/fragment: expected 5 arguments (id, path, duration, sample_rate, prompt), got 2",
    "ignored: /sao/status: state must be one of generating, ready, error, busy, got 'sleeping'",
    "ignored unknown OSC address /sao/other (2 arguments)",
  ]);
});

test("/sao/status is shown as state and message", () => {
  const max = device();
  max.send("status", "generating", "seed 7, 20 steps");
  max.send("status", "error", "prompt", "is", "empty");
  assert.deepEqual(status(max), ["generating: seed 7, 20 steps", "error: prompt is empty"]);
});

test("output mode and position drive the matrix~ gains", () => {
  const max = device();
  max.send("output", 1);
  max.send("position", 90);
  const sent = max.take();
  assert.equal(sent.length, 16);
  assert.ok(sent.every((m) => m[0] === "matrix" && m.length === 4));
  const last = Object.fromEntries(sent.slice(8).map(([, i, o, g]) => [`${i}${o}`, g]));
  assert.equal(last["01"], 1); // L -> front right
  assert.equal(last["13"], 1); // R -> rear right
  max.send("output", 0);
  max.send("position", 45); // ignored in stereo
  assert.equal(max.take().length, 8);
});

test("vary asks for the last played slot's fragment", () => {
  const max = device();
  max.send("vary");
  assert.match(status(max)[0], /play a loaded slot first/);
  max.send("folder", tree.folder);
  max.send(...fragment("f1", tree.files.wav));
  max.send(...fragment("f2", tree.files.wav));
  max.send("played", 2, 100);
  max.send("played", 1, 0); // a note-off does not count
  max.take();
  max.send("vary");
  assert.deepEqual(max.take()[0], ["vary", "f2"]);
});

test("with a clip track set, each loaded fragment is also sent to Live's session view", () => {
  const max = device();
  max.send("folder", tree.folder);
  max.send("cliptrack", 3);
  max.take();
  max.send(...fragment("f1", tree.files.wav));
  assert.deepEqual(max.take().at(-1), ["clip", 3, tree.files.wav]);
  max.send("cliptrack", 0);
  max.send(...fragment("f2", tree.files.wav));
  assert.equal(max.take().filter((m) => m[0] === "clip").length, 0);
});

test("the node.script entry file attaches the controller to max-api", () => {
  const standin = createMaxApi();
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === "max-api" ? "max-api" : resolve.call(this, request, ...rest);
  };
  require.cache["max-api"] = { id: "max-api", filename: "max-api", loaded: true, exports: standin };
  try {
    require("../device/sao-improv.js");
  } finally {
    Module._resolveFilename = resolve;
    delete require.cache["max-api"];
  }
  assert.deepEqual(standin.take(), [["ready"]]);
  assert.deepEqual(
    [...standin.handlers.keys()].sort(),
    "adapters blend cliptrack folder fragment inport outport output ping played position report slots status unknown vary".split(
      " ",
    ),
  );
});
