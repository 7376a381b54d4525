"use strict";
// Runs the Max `js` file sao-live.js in a vm context, with stand-ins for LiveAPI and outlet().
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "..", "device", "sao-live.js"), "utf8");

/** A Live set as plain data; LiveAPI objects look paths up in it like Max's LiveAPI does. */
function fakeLive({ major = 12, tracks = [] } = {}) {
  const created = [];
  class LiveAPI {
    constructor(callbackOrPath, maybePath) {
      this.callback = typeof callbackOrPath === "function" ? callbackOrPath : null;
      this.path = this.callback ? maybePath : callbackOrPath;
      this.node = lookup(this.path);
      this.id = this.node ? 1 : 0;
    }
    set property(name) {
      if (this.callback) this.callback([name, this.node[name]]);
    }
    get(name) {
      return [this.node[name]];
    }
    getcount(child) {
      return this.node[child].length;
    }
    call(fn, ...args) {
      if (fn === "get_major_version") return this.node.major;
      if (fn === "create_audio_clip") {
        this.node.has_clip = 1;
        created.push([this.path, ...args]);
        return undefined;
      }
      throw new Error(`unexpected call ${fn}`);
    }
  }
  const set = { tempo: 121.5, tracks };
  function lookup(p) {
    if (p === "live_app") return { major };
    if (p === "live_set") return set;
    const m = /^live_set tracks (\d+)(?: clip_slots (\d+))?$/.exec(p);
    const track = m && tracks[Number(m[1])];
    if (!track) return null;
    return m[2] === undefined ? track : track.clip_slots[Number(m[2])];
  }
  return { LiveAPI, created };
}

const audioTrack = (...hasClip) => ({
  has_midi_input: 0,
  is_foldable: 0,
  clip_slots: hasClip.map((has_clip) => ({ has_clip })),
});
const midiTrack = () => ({ ...audioTrack(0), has_midi_input: 1 });

function load(live) {
  const sent = [];
  const outlet = (index, ...atoms) => {
    assert.equal(index, 0, "sao-live.js has one outlet");
    sent.push(atoms);
  };
  const context = { LiveAPI: live.LiveAPI, outlet, post() {} };
  vm.runInNewContext(SOURCE, context, { filename: "sao-live.js" });
  assert.equal(context.inlets, 1);
  assert.equal(context.outlets, 1);
  return { context, sent };
}

test("the fragment goes into the first empty clip slot of the chosen audio track", () => {
  const live = fakeLive({ tracks: [midiTrack(), audioTrack(1, 1, 0, 0)] });
  const { context, sent } = load(live);
  context.clip(2, "/frag/a.wav");
  context.clip(2, "/frag/b.wav");
  assert.deepEqual(live.created, [
    ["live_set tracks 1 clip_slots 2", "/frag/a.wav"],
    ["live_set tracks 1 clip_slots 3", "/frag/b.wav"],
  ]);
  assert.deepEqual(sent, [
    ["report", "clip in track 2, scene 3"],
    ["report", "clip in track 2, scene 4"],
  ]);
});

test("a full track, a MIDI track, a missing track and track 0 are reported, not touched", () => {
  const live = fakeLive({ tracks: [audioTrack(1, 1), midiTrack()] });
  const { context, sent } = load(live);
  context.clip(1, "/frag/a.wav");
  context.clip(2, "/frag/a.wav");
  context.clip(5, "/frag/a.wav");
  context.clip(0, "/frag/a.wav");
  assert.deepEqual(live.created, []);
  assert.deepEqual(sent.map((m) => m[1]), [
    "track 1 has no empty clip slot: add a scene",
    "clip track 2 is not an audio track",
    "clip track 5 does not exist",
    "clip track is off",
  ]);
});

test("before Live 12 there is no create_audio_clip, and the device says so", () => {
  const live = fakeLive({ major: 11, tracks: [audioTrack(0)] });
  const { context, sent } = load(live);
  context.clip(1, "/frag/a.wav");
  assert.deepEqual(live.created, []);
  assert.match(sent[0][1], /need Live 12 .* this is Live 11/);
});

test("once the device is ready, Live's tempo is observed and sent out", () => {
  const { context, sent } = load(fakeLive());
  context.bang();
  assert.deepEqual(sent, [["tempo", 121.5]]);
});
