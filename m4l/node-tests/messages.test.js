"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { parseFragment, parseStatus, clip } = require("../device/sao-messages.js");

const good = ["f-0007", "/frag/a.wav", 4.25, 44100, "gritty pad, Tempo: 107"];

test("a well-formed /sao/fragment is parsed into a fragment", () => {
  const { ok, fragment } = parseFragment(good);
  assert.equal(ok, true);
  assert.deepEqual(fragment, {
    id: "f-0007",
    path: "/frag/a.wav",
    seconds: 4.25,
    durationMs: 4250,
    sampleRate: 44100,
    prompt: "gritty pad, Tempo: 107",
  });
});

test("/sao/fragment with the wrong number of arguments names the fields", () => {
  const { ok, reason } = parseFragment(good.slice(0, 3));
  assert.equal(ok, false);
  const expected = "/sao/fragment: expected 5 arguments (id, path, duration, sample_rate, prompt), got 3";
  assert.equal(reason, expected);
});

test("/sao/fragment rejects bad field values, naming the field", () => {
  const cases = [
    [0, ""],
    [1, 7],
    [2, 0],
    [2, -1.5],
    [2, "4.0"],
    [2, Number.NaN],
    [3, 44100.5],
    [3, "44100"],
  ];
  const fields = ["id", "path", "duration", "sample_rate"];
  for (const [index, value] of cases) {
    const args = [...good];
    args[index] = value;
    const { ok, reason } = parseFragment(args);
    assert.equal(ok, false, `${fields[index]}=${value} should be rejected`);
    assert.match(reason, new RegExp(`^/sao/fragment: ${fields[index]} `));
  }
});

test("numeric ids and prompts from Max are accepted as text", () => {
  const { ok, fragment } = parseFragment([42, "/frag/a.wav", 1, 44100, 808]);
  assert.equal(ok, true);
  assert.equal(fragment.id, "42");
  assert.equal(fragment.prompt, "808");
});

test("/sao/status accepts its states and joins the message", () => {
  const generating = parseStatus(["generating", "seed", 7]);
  assert.deepEqual(generating, { ok: true, state: "generating", message: "seed 7" });
  assert.deepEqual(parseStatus(["ready"]), { ok: true, state: "ready", message: "" });
  const bad = parseStatus(["sleeping", "x"]);
  assert.equal(bad.ok, false);
  assert.match(bad.reason, /state must be one of generating, ready, error, busy, got 'sleeping'/);
});

test("clip shortens long text and keeps short text", () => {
  assert.equal(clip("short", 10), "short");
  assert.equal(clip("a very long prompt", 8), "a very …");
  assert.equal(clip("a very long prompt", 8).length, 8);
});
