"use strict";
// The Rear 3/4 and Send 5/6 menus: sao-live.js lists and sets the routing Live offers for the
// device's extra outputs (DeviceIO: this_device audio_outputs 1 and 2), run here in a vm context.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "..", "device", "sao-live.js"), "utf8");

const types = [
  { display_name: "Ext. Out", identifier: 11 },
  { display_name: "Rear Bus", identifier: 12 },
  { display_name: "No Output", identifier: 13 },
];
const channelsOf = {
  11: [
    { display_name: "1/2", identifier: 21 },
    { display_name: "3/4", identifier: 22 },
  ],
  12: [{ display_name: "Track In", identifier: 31 }],
  13: [],
};

/** A Live whose Max device has extra outputs; dictionary properties come back as JSON text. */
function fakeLive({ outputs = 3 } = {}) {
  const ios = Array.from({ length: outputs }, () => ({ type: types[2], channel: null }));
  const observers = [];
  const sets = [];
  class LiveAPI {
    constructor(callbackOrPath, maybePath) {
      this.callback = typeof callbackOrPath === "function" ? callbackOrPath : null;
      this.path = this.callback ? maybePath : callbackOrPath;
      const m = /^this_device audio_outputs (\d+)$/.exec(this.path);
      this.io = m ? ios[Number(m[1])] : this.path === "live_set" ? {} : undefined;
      this.id = this.io ? 7 : 0;
    }
    set property(name) {
      this.watching = name;
      if (this.callback) observers.push(this);
    }
    get(name) {
      const io = this.io;
      const values = {
        available_routing_types: types,
        routing_type: io.type,
        available_routing_channels: channelsOf[io.type.identifier],
        routing_channel: io.channel,
      };
      return [JSON.stringify({ [name]: values[name] })]; // Max's get returns a list
    }
    set(name, value) {
      value = JSON.parse(JSON.stringify(value)); // Max turns the object into a dictionary
      sets.push([this.path, name, value]);
      if (name === "routing_type") {
        this.io.type = types.find((t) => t.identifier === value.identifier);
        this.io.channel = channelsOf[value.identifier][0] || null;
      } else {
        this.io.channel = channelsOf[this.io.type.identifier].find((c) => c.identifier === value.identifier);
      }
      for (const o of observers) if (o.io === this.io) o.callback([o.watching]); // Live notifies
    }
  }
  return { LiveAPI, ios, sets, observers };
}

function load(live) {
  const sent = [];
  const context = { LiveAPI: live.LiveAPI, outlet: (i, ...atoms) => sent.push(atoms), post() {} };
  vm.runInNewContext(SOURCE, context, { filename: "sao-live.js" });
  return { context, sent };
}

const menus = (sent) => sent.filter((m) => m[0] === "menu").map((m) => m.slice(1));

test("on load both menus list Live's routing types and channels and show the current one", () => {
  const live = fakeLive();
  live.ios[1].type = types[0];
  live.ios[1].channel = channelsOf[11][1];
  const { context, sent } = load(live);
  context.bang();
  assert.deepEqual(menus(sent), [
    ["rear-type", "clear"],
    ["rear-type", "append", "Ext. Out"],
    ["rear-type", "append", "Rear Bus"],
    ["rear-type", "append", "No Output"],
    ["rear-type", "set", 0],
    ["rear-channel", "clear"],
    ["rear-channel", "append", "1/2"],
    ["rear-channel", "append", "3/4"],
    ["rear-channel", "set", 1],
    ["send-type", "clear"],
    ["send-type", "append", "Ext. Out"],
    ["send-type", "append", "Rear Bus"],
    ["send-type", "append", "No Output"],
    ["send-type", "set", 2],
    ["send-channel", "clear"],
  ]);
  const outputs = live.observers.filter((o) => o.path.startsWith("this_device"));
  assert.equal(outputs.length, 8, "type, channel and both lists of each output are observed");
});

test("picking Ext. Out then 3/4 routes the rear output to the interface's outputs 3/4", () => {
  const live = fakeLive();
  const { context, sent } = load(live);
  context.bang();
  sent.length = 0;
  context.pick("rear", "type", 0);
  context.pick("rear", "channel", 1);
  assert.deepEqual(live.sets, [
    ["this_device audio_outputs 1", "routing_type", { identifier: 11 }],
    ["this_device audio_outputs 1", "routing_channel", { identifier: 22 }],
  ]);
  assert.deepEqual(live.ios[1].channel, channelsOf[11][1]);
  const last = menus(sent).filter((m) => m[0] === "rear-channel" && m[1] === "set").at(-1);
  assert.deepEqual(last, ["rear-channel", "set", 1], "the menu follows what Live reports");
});

test("the send output is routed on its own DeviceIO", () => {
  const live = fakeLive();
  const { context } = load(live);
  context.bang();
  context.pick("send", "type", 1);
  assert.deepEqual(live.sets, [["this_device audio_outputs 2", "routing_type", { identifier: 12 }]]);
  assert.equal(live.ios[1].type, types[2], "the rear output is untouched");
});

test("out-of-range picks and unknown outputs change nothing", () => {
  const live = fakeLive();
  const { context } = load(live);
  context.bang();
  context.pick("rear", "type", 9);
  context.pick("rear", "channel", -1);
  context.pick("middle", "type", 0);
  assert.deepEqual(live.sets, []);
});

test("a Live without the extra outputs leaves the menus alone", () => {
  const live = fakeLive({ outputs: 1 });
  const { context, sent } = load(live);
  context.bang();
  assert.deepEqual(menus(sent), []);
  context.pick("rear", "type", 0);
  assert.deepEqual(live.sets, []);
});
