"use strict";
// Two devices on one In port: the one that hears nothing must say so on its display.
const test = require("node:test");
const assert = require("node:assert/strict");
const dgram = require("node:dgram");
const { attach } = require("../device/sao-controller.js");
const { oscMessage, TIMEOUT_MS, INTERVAL_MS } = require("../device/sao-probe.js");
const { createMaxApi } = require("./max-api-standin.js");

/** Timers that run only when the test advances the clock. */
function manualTimers() {
  let now = 0;
  let next = 1;
  const jobs = new Map();
  const add = (fn, ms, every) => {
    const id = next++;
    jobs.set(id, { fn, at: now + ms, every });
    return id;
  };
  return {
    setTimeout: (fn, ms) => add(fn, ms, 0),
    setInterval: (fn, ms) => add(fn, ms, ms),
    clearTimeout: (id) => jobs.delete(id),
    clearInterval: (id) => jobs.delete(id),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...jobs.entries()].filter(([, j]) => j.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        const [id, job] = due;
        now = job.at;
        if (job.every) job.at += job.every;
        else jobs.delete(id);
        job.fn();
      }
      now = end;
    },
  };
}

/** A device whose pings go to `network(packet, port, max)`; tokens are p1, p2, ... */
function device(network = () => {}) {
  const timers = manualTimers();
  const sent = [];
  let n = 0;
  const max = createMaxApi();
  const send = (packet, port) => {
    sent.push({ packet, port });
    network(packet, port, max);
  };
  attach(max, { platform: "linux", probe: { send, timers, newToken: () => `p${++n}` } });
  max.take();
  const status = () => max.take().filter((m) => m[2] === "status").map((m) => m[4]);
  return { max, timers, sent, status };
}

const tokenOf = (packet) => packet.toString("latin1").split("\0").filter(Boolean)[2];
const TAKEN = /^In port 7400 is taken \(another sao-improv device\?\): no fragments arrive\. Set In port to a free port such as 7402 and run Python with delivery\.port=7402$/;

test("/sao/ping is an OSC message with one string argument", () => {
  const expected = Buffer.from("/sao/ping\0\0\0,s\0\0pab12\0\0\0", "latin1");
  assert.deepEqual(oscMessage("/sao/ping", "pab12"), expected);
  assert.equal(oscMessage("/sao/ping", "p1234567").length, 12 + 4 + 12);
});

test("when each ping comes back through udpreceive the device says nothing", () => {
  const d = device((packet, port, max) => max.send("ping", tokenOf(packet)));
  d.max.send("inport", 7400);
  d.timers.advance(INTERVAL_MS * 3 + TIMEOUT_MS);
  assert.deepEqual(d.status(), []);
  assert.deepEqual(d.sent.map((s) => s.port), [7400, 7400, 7400, 7400], "on start, then each interval");
  assert.deepEqual(d.sent.map((s) => tokenOf(s.packet)), ["p1", "p2", "p3", "p4"]);
});

test("a port taken by another device is reported once, and its return too", () => {
  const d = device();
  d.max.send("inport", 7400);
  d.timers.advance(TIMEOUT_MS);
  const first = d.status();
  assert.equal(first.length, 1);
  assert.match(first[0], TAKEN);
  d.timers.advance(INTERVAL_MS * 3);
  assert.deepEqual(d.status(), [], "the warning is not repeated every few seconds");
  d.timers.advance(INTERVAL_MS - TIMEOUT_MS); // the other device has gone; a new ping...
  d.max.send("ping", tokenOf(d.sent.at(-1).packet)); // ...comes back
  assert.deepEqual(d.status(), ["In port 7400 receives again"]);
});

test("a ping this device did not send means a second device shares the port", () => {
  const d = device();
  d.max.send("inport", 7400);
  d.max.send("ping", tokenOf(d.sent[0].packet));
  d.max.send("ping", "pfedcba987654");
  d.max.send("ping", "pfedcba987654");
  assert.deepEqual(d.status(), [
    "another device also uses In port 7400 and gets nothing: give it another In port",
  ]);
});

test("a new In port is checked at once and the old port's check is dropped", () => {
  const d = device();
  d.max.send("inport", 7400);
  d.timers.advance(TIMEOUT_MS / 2);
  d.max.send("inport", 7402);
  assert.deepEqual(d.sent.map((s) => s.port), [7400, 7402]);
  d.max.send("ping", tokenOf(d.sent[1].packet));
  d.timers.advance(TIMEOUT_MS * 2);
  assert.deepEqual(d.status(), [], "no late warning about 7400");
});

test("an In port that is not a UDP port is refused", () => {
  const d = device();
  d.max.send("inport", 0);
  d.max.send("inport", 70000);
  assert.deepEqual(d.status(), [
    "ignored: In port 0 is not a UDP port",
    "ignored: In port 70000 is not a UDP port",
  ]);
  assert.equal(d.sent.length, 0);
});

// -- over real UDP sockets on the loopback ----------------------------------------------------

/** Stands in for udpreceive: binds `port` and hands each /sao/ping token to a device. */
async function udpreceive(port, onToken) {
  const socket = dgram.createSocket("udp4");
  socket.on("message", (packet) => onToken(tokenOf(packet)));
  await new Promise((resolve) => socket.bind(port, "127.0.0.1", resolve));
  return socket;
}

function realDevice() {
  const max = createMaxApi();
  const state = attach(max, { platform: "linux", probe: { timeoutMs: 300, intervalMs: 60000 } });
  max.take();
  return { max, state, status: () => max.take().filter((m) => m[2] === "status").map((m) => m[4]) };
}

const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("over UDP: the first device hears itself, the second sees the port is taken", async (t) => {
  const first = realDevice();
  const second = realDevice();
  const socket = await udpreceive(0, (token) => first.max.send("ping", token));
  t.after(() => {
    socket.close();
    first.state.probe.stop();
    second.state.probe.stop();
  });
  const port = socket.address().port;
  first.max.send("inport", port);
  await settle(100);
  second.max.send("inport", port); // its own udpreceive could not bind: the first one gets it
  await settle(500);
  assert.deepEqual(first.status(), [
    `another device also uses In port ${port} and gets nothing: give it another In port`,
  ]);
  const [line] = second.status();
  assert.match(line, new RegExp(`^In port ${port} is taken`));
});
