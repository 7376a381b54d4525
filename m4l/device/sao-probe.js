"use strict";
/**
 * Does what is sent to the device's In port reach this device? (m4l/OSC.md, "Device -> itself".)
 * udpreceive reports a port it cannot bind only as a line in the Max Console, with no outlet a
 * patch could react to, and where a system lets two sockets share a UDP port the second device
 * binds fine and then hears nothing. So the device sends itself /sao/ping <token> through the
 * loopback, on start, on every In port change and every INTERVAL_MS, and waits for it to come
 * back through its own udpreceive.
 */
const nodeDgram = require("node:dgram");
const nodeCrypto = require("node:crypto");

const PING_ADDRESS = "/sao/ping";
const TIMEOUT_MS = 2000;
const INTERVAL_MS = 10000;
const REMEMBERED = 16; // own tokens that a late answer may still bring back

function oscString(text) {
  const bytes = Buffer.from(`${text}\0`, "utf8");
  return Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
}

/** An OSC 1.0 message whose arguments are all strings. */
function oscMessage(address, ...strings) {
  const tags = `,${"s".repeat(strings.length)}`;
  return Buffer.concat([oscString(address), oscString(tags), ...strings.map(oscString)]);
}

/** Sends datagrams to 127.0.0.1 from one socket, opened on first use. */
function loopbackSender(dgram = nodeDgram) {
  let socket = null;
  return (packet, port) => {
    if (!socket) {
      socket = dgram.createSocket("udp4");
      socket.on("error", () => {}); // a lost ping is what the timeout is for
      socket.unref();
    }
    socket.send(packet, port, "127.0.0.1");
  };
}

// Starts with a letter, so Max keeps it a symbol whatever the hex digits look like.
const randomToken = () => `p${nodeCrypto.randomBytes(6).toString("hex")}`;

class PortProbe {
  /** `onResult(kind, port)`: "ok" (our ping came back), "silent" (it did not), "foreign". */
  constructor({
    onResult,
    send = loopbackSender(),
    timers = globalThis,
    newToken = randomToken,
    timeoutMs = TIMEOUT_MS,
    intervalMs = INTERVAL_MS,
  }) {
    Object.assign(this, { onResult, send, timers, newToken, timeoutMs, intervalMs });
    this.port = null;
    this.tokens = [];
    this.pending = null;
    this.interval = null;
  }

  /** Start checking `port` (and stop checking the previous one). */
  watch(port) {
    this.stop();
    this.port = port;
    this.tokens = [];
    this.ping();
    this.interval = this.timers.setInterval(() => this.ping(), this.intervalMs);
  }

  ping() {
    if (this.pending) this.timers.clearTimeout(this.pending.timer);
    const token = this.newToken();
    this.tokens = [...this.tokens, token].slice(-REMEMBERED);
    const timer = this.timers.setTimeout(() => {
      this.pending = null;
      this.onResult("silent", this.port);
    }, this.timeoutMs);
    this.pending = { token, timer };
    this.send(oscMessage(PING_ADDRESS, token), this.port);
  }

  /** A /sao/ping arrived through udpreceive. */
  heard(token) {
    if (!this.tokens.includes(token)) return this.onResult("foreign", this.port);
    if (this.pending && this.pending.token === token) {
      this.timers.clearTimeout(this.pending.timer);
      this.pending = null;
    }
    this.onResult("ok", this.port); // even a late answer proves the port reaches us
  }

  stop() {
    if (this.pending) this.timers.clearTimeout(this.pending.timer);
    if (this.interval) this.timers.clearInterval(this.interval);
    this.pending = null;
    this.interval = null;
  }
}

module.exports = { PortProbe, oscMessage, loopbackSender, PING_ADDRESS, TIMEOUT_MS, INTERVAL_MS };
