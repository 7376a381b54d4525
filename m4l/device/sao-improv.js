// sao-improv.js: the script node.script loads, built by `uv run python -m m4l.build` from
// sao-main.js and the modules it requires. Edit those in m4l/device/ and rebuild, never this
// file: it is one self-contained file because a frozen device embeds the script node.script
// names, but not the modules that script requires.
"use strict";
const SAO_MODULES = {
"./sao-main.js": function (module, exports) {
"use strict";
/**
 * Node for Max entry point. node.script loads sao-improv.js, which m4l/build.py bundles from this
 * file and the modules it requires; the logic lives in sao-controller.js.
 */
saoRequire("./sao-controller.js").attach(require("max-api"));
},
"./sao-controller.js": function (module, exports) {
"use strict";
/**
 * The device's control logic, attached to Node for Max's `max-api` (or a stand-in in tests).
 * Max -> Node messages (handlers below) come from the patcher; Node -> Max messages go out of
 * node.script's left outlet, where a `route` sorts them by their first word:
 *   voice <slot> replace <path> | voice <slot> duration <ms>   to the slot's buffer~ / loop maths
 *   script send <varname> set <text>                             to thispatcher (device display)
 *   matrix <in> <out> <gain>                                     to matrix~ 2 4 (stereo/quad)
 *   clip <track> <path>                                          to js sao-live.js (Live 12 clips)
 *   vary <id>                                                    to udpsend, as /sao/vary id strength
 *   dial <n> set <strength>                                      to adapter dial n, without output
 *   blend <name> <strength>                                      to udpsend, as /sao/blend
 *   askadapters                                                  to udpsend, as /sao/adapters
 *   ready                                                        asks the patcher to resend settings
 */
const nodeFs = require("node:fs");
const { parseFragment, parseStatus, parseAdapters, clip } = saoRequire("./sao-messages.js");
const { AdapterDials } = saoRequire("./sao-adapters.js");
const { PortProbe } = saoRequire("./sao-probe.js");
const { SlotRing, MAX_SLOTS } = saoRequire("./sao-slots.js");
const { checkFolder, checkFragmentPath, fromMaxPath, toMaxPath, pathFor } = saoRequire("./sao-paths.js");
const { outputMatrix } = saoRequire("./sao-quad.js");

const LABEL_CHARS = 10; // what fits above a slot; the status line shows the whole prompt
const ADAPTER_CHARS = 9; // what fits above an adapter dial

/** What the device says when its In port brings nothing back (README: Two devices, other ports). */
function portTaken(port) {
  const free = port + 2;
  return (
    `In port ${port} is taken (another sao-improv device?): no fragments arrive. ` +
    `Set In port to a free port such as ${free} and run Python with delivery.port=${free}`
  );
}

function attach(
  maxApi,
  { fs = nodeFs, platform = process.platform, now = Date.now, probe: probeOptions = {} } = {},
) {
  const state = {
    folder: null,
    ring: new SlotRing(MAX_SLOTS),
    quad: false,
    position: 0,
    clipTrack: 0,
    lastPlayed: 0,
    dials: new AdapterDials({ now }),
    inPort: { port: null, status: "unknown", warnedForeign: false },
  };
  const path = pathFor(platform);
  const maxPath = (p) => toMaxPath(p, { platform });
  const out = (...atoms) => maxApi.outlet(...atoms);
  const display = (varname, text) => out("script", "send", varname, "set", String(text));
  const show = (text) => display("status", text);
  const label = (slot, text) => display(`slot-label-${slot}`, clip(text, LABEL_CHARS));
  const probe = new PortProbe({ ...probeOptions, onResult: (kind, port) => reportPort(kind, port) });
  // Only changes are shown: the check repeats every few seconds and the status line is shared.
  const reportPort = (kind, port) => {
    const inPort = state.inPort;
    if (kind === "foreign" && !inPort.warnedForeign) {
      inPort.warnedForeign = true;
      show(`another device also uses In port ${port} and gets nothing: give it another In port`);
    } else if (kind === "silent" && inPort.status !== "silent") {
      show(portTaken(port));
    } else if (kind === "ok" && inPort.status === "silent") {
      show(`In port ${port} receives again`);
    }
    if (kind !== "foreign") inPort.status = kind;
  };
  const sendMatrix = () => {
    for (const row of outputMatrix(state.quad, state.position)) out("matrix", ...row);
  };

  const handlers = {
    folder(...parts) {
      if (parts[0] === "symbol") parts.shift(); // pattr may hand a path on as "symbol <path>"
      const raw = parts.map(String).join(" "); // an unset pattr sends 0
      const native = raw === "" || raw === "0" ? "" : fromMaxPath(raw, { platform, fs });
      const checked = checkFolder(native, { fs, path });
      state.folder = checked.ok ? checked.path : null;
      show(checked.ok ? `fragments folder: ${maxPath(checked.path)}` : `ignored: ${checked.reason}`);
    },
    fragment(...args) {
      const parsed = parseFragment(args);
      if (!parsed.ok) return show(`ignored: ${parsed.reason}`);
      const { fragment } = parsed;
      const checked = checkFragmentPath(fragment.path, state.folder, { fs, path });
      if (!checked.ok) return show(`ignored ${fragment.id}: ${checked.reason}`);
      const file = maxPath(checked.path); // buffer~ and Live read Max's form on both systems
      const slot = state.ring.assign({ ...fragment, path: file });
      out("voice", slot, "replace", file);
      out("voice", slot, "duration", fragment.durationMs);
      label(slot, fragment.prompt || fragment.id);
      show(`slot ${slot} <- ${fragment.prompt || fragment.id}`);
      if (state.clipTrack > 0) out("clip", state.clipTrack, file);
    },
    status(...args) {
      const parsed = parseStatus(args);
      if (!parsed.ok) return show(`ignored: ${parsed.reason}`);
      show(parsed.message ? `${parsed.state}: ${parsed.message}` : parsed.state);
    },
    unknown(address, ...args) {
      show(`ignored unknown OSC address ${address} (${args.length} arguments)`);
    },
    slots(n) {
      state.ring.setCount(n); // silent: "ready" resends it right after the folder's status line
    },
    output(mode) {
      state.quad = Number(mode) === 1;
      sendMatrix();
    },
    position(degrees) {
      state.position = Number(degrees) || 0;
      if (state.quad) sendMatrix();
    },
    cliptrack(n) {
      state.clipTrack = Math.max(0, Math.round(Number(n) || 0));
    },
    played(slot, velocity) {
      if (Number(velocity) > 0) state.lastPlayed = Number(slot);
    },
    vary() {
      const fragment = state.ring.get(state.lastPlayed);
      if (!fragment) return show("vary: play a loaded slot first, then press Vary");
      out("vary", fragment.id);
      show(`vary slot ${state.lastPlayed} (${fragment.id}) requested`);
    },
    adapters(...args) {
      const parsed = parseAdapters(args);
      if (!parsed.ok) return show(`ignored: ${parsed.reason}`);
      for (const change of state.dials.update(parsed.adapters)) {
        if ("label" in change) display(`adapter-label-${change.dial}`, clip(change.label, ADAPTER_CHARS));
        if ("value" in change) out("dial", change.dial, "set", change.value);
      }
    },
    blend(dial, value) {
      const blend = state.dials.turned(Number(dial), value);
      if (blend) out("blend", blend.name, blend.strength);
    },
    inport(port) {
      const n = Math.round(Number(port));
      if (!(n >= 1 && n <= 65535)) return show(`ignored: In port ${port} is not a UDP port`);
      state.inPort = { port: n, status: "unknown", warnedForeign: false };
      probe.watch(n);
    },
    ping(token) {
      probe.heard(String(token));
    },
    outport() {
      out("askadapters"); // a new Out port may reach another Python, with another blend
    },
    report(...words) {
      show(words.map(String).join(" "));
    },
  };
  for (const [name, fn] of Object.entries(handlers)) maxApi.addHandler(name, fn);
  out("ready");
  state.probe = probe;
  return state;
}

module.exports = { attach };
},
"./sao-messages.js": function (module, exports) {
"use strict";
/**
 * The device's side of m4l/OSC.md: checks the arguments of each Python -> device message
 * (as Max hands them over after `route`) and shapes the text the device displays.
 * Every failure names the address, the field and the reason.
 */

const STATES = ["generating", "ready", "error", "busy"];
const FRAGMENT_FIELDS = ["id", "path", "duration", "sample_rate", "prompt"];

const isText = (v) => typeof v === "string" || typeof v === "number";

/** /sao/fragment id path duration sample_rate prompt -> {ok, fragment} or {ok: false, reason}. */
function parseFragment(args) {
  const fail = (reason) => ({ ok: false, reason: `/sao/fragment: ${reason}` });
  if (args.length !== FRAGMENT_FIELDS.length) {
    const expected = `${FRAGMENT_FIELDS.length} arguments (${FRAGMENT_FIELDS.join(", ")})`;
    return fail(`expected ${expected}, got ${args.length}`);
  }
  const [id, path, duration, sampleRate, prompt] = args;
  if (!isText(id) || String(id) === "") return fail("id must be a non-empty string");
  if (typeof path !== "string" || path === "") return fail("path must be a non-empty string");
  const seconds = Number(duration);
  if (typeof duration !== "number" || !Number.isFinite(seconds) || seconds <= 0) {
    return fail(`duration must be a positive number of seconds, got '${duration}'`);
  }
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    return fail(`sample_rate must be a positive integer, got '${sampleRate}'`);
  }
  if (!isText(prompt)) return fail("prompt must be a string");
  const fragment = { id: String(id), path, seconds, durationMs: seconds * 1000, sampleRate };
  return { ok: true, fragment: { ...fragment, prompt: String(prompt) } };
}

/** /sao/status state message -> {ok, state, message} or {ok: false, reason}. */
function parseStatus(args) {
  const [state, ...rest] = args;
  if (!STATES.includes(state)) {
    const reason = `/sao/status: state must be one of ${STATES.join(", ")}, got '${state}'`;
    return { ok: false, reason };
  }
  return { ok: true, state, message: rest.map(String).join(" ") };
}

/**
 * /sao/adapters name strength ... -> {ok, adapters: [{name, strength}]} or {ok: false, reason}.
 * Zero pairs reach Node as a lone "bang": route outputs bang for a message with no arguments.
 */
function parseAdapters(args) {
  const fail = (reason) => ({ ok: false, reason: `/sao/adapters: ${reason}` });
  const pairs = args.length === 1 && args[0] === "bang" ? [] : args;
  if (pairs.length % 2 !== 0) {
    return fail(`expected name strength pairs, got ${pairs.length} arguments`);
  }
  const adapters = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [name, strength] = [pairs[i], pairs[i + 1]];
    if (!isText(name) || String(name) === "") {
      return fail(`adapter ${i / 2 + 1}: name must be a non-empty string`);
    }
    if (typeof strength !== "number" || !(strength >= 0 && strength <= 1)) {
      return fail(`strength of '${name}' must be a number in 0..1, got '${strength}'`);
    }
    adapters.push({ name: String(name), strength });
  }
  return { ok: true, adapters };
}

/** Shorten text for a narrow display, keeping the start. */
function clip(text, max) {
  const s = String(text);
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

module.exports = { STATES, FRAGMENT_FIELDS, parseFragment, parseStatus, parseAdapters, clip };
},
"./sao-adapters.js": function (module, exports) {
"use strict";
/**
 * The four adapter dials. Dial n (1-based) sets the strength of the n-th adapter in Python's
 * /sao/adapters list; a dial with no adapter shows "-" and sends nothing.
 *
 * Python answers every accepted /sao/blend with the whole blend. While the performer turns a
 * dial, answers to values it already left behind arrive late; setting the dial to them would
 * pull it back under the hand, so a dial turned in the last HOLD_MS keeps its own position.
 */
const DIALS = 4;
const HOLD_MS = 300;
const UNUSED = "-";
const SAME = 1e-4; // Python sends 32-bit floats: 0.52 comes back as 0.5199999809
// Written without ?. and ??, which Node before 14 lacks (older Node for Max releases).

class AdapterDials {
  constructor({ count = DIALS, holdMs = HOLD_MS, now = Date.now } = {}) {
    this.holdMs = holdMs;
    this.now = now;
    // `shown` is false until Python's blend first reaches the dial: Live restores a stored value
    // on load that Node never hears of, so the first blend always sets the dial.
    const dial = () => ({ name: null, value: 0, turnedAt: -Infinity, shown: false });
    this.dials = Array.from({ length: count }, dial);
  }

  /** The performer set dial n to `value`: the blend to send, or null when the dial has no adapter. */
  turned(n, value) {
    const dial = this.dials[n - 1];
    const strength = Math.min(1, Math.max(0, Number(value)));
    if (!dial || dial.name === null || !Number.isFinite(strength)) return null;
    Object.assign(dial, { value: strength, turnedAt: this.now() });
    return { name: dial.name, strength };
  }

  /**
   * Take Python's blend; returns what the device must show, per dial that changed:
   * {dial, label} for a new adapter name and/or {dial, value} for a value to set silently.
   */
  update(adapters) {
    const changes = [];
    this.dials.forEach((dial, i) => {
      const adapter = adapters[i] || null;
      const name = adapter ? adapter.name : null;
      const target = adapter ? adapter.strength : 0;
      const change = { dial: i + 1 };
      const moved = name !== dial.name || !dial.shown;
      if (moved) {
        Object.assign(dial, { name, turnedAt: -Infinity, shown: true });
        change.label = name === null ? UNUSED : name;
      }
      const held = this.now() - dial.turnedAt < this.holdMs;
      if (moved || (!held && Math.abs(target - dial.value) > SAME)) {
        dial.value = target;
        change.value = target;
      }
      if ("label" in change || "value" in change) changes.push(change);
    });
    return changes;
  }
}

module.exports = { AdapterDials, DIALS, HOLD_MS, UNUSED };
},
"./sao-probe.js": function (module, exports) {
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
},
"./sao-slots.js": function (module, exports) {
"use strict";
/**
 * Slot allocation: fragments go round robin into the first `count` of the device's buffer slots
 * (1-based, as printed on the device), wrapping to slot 1; each slot remembers what it holds.
 */
const MAX_SLOTS = 8;

class SlotRing {
  constructor(count = MAX_SLOTS, max = MAX_SLOTS) {
    this.max = max;
    this.slots = new Map();
    this.cursor = 0;
    this.setCount(count);
  }

  /** Use only slots 1..n (clamped to 1..max); the next load wraps if the cursor is past n. */
  setCount(n) {
    const value = Math.round(Number(n));
    this.count = Number.isFinite(value) ? Math.min(Math.max(value, 1), this.max) : this.max;
    if (this.cursor >= this.count) this.cursor = 0;
    return this.count;
  }

  /** Put a fragment into the next slot and return that slot's number. */
  assign(fragment) {
    const slot = this.cursor + 1;
    this.cursor = (this.cursor + 1) % this.count;
    this.slots.set(slot, fragment);
    return slot;
  }

  get(slot) {
    return this.slots.get(slot);
  }
}

module.exports = { MAX_SLOTS, SlotRing };
},
"./sao-paths.js": function (module, exports) {
"use strict";
/**
 * Path checks for fragments arriving over OSC. Owns the one rule of the contract: only an
 * absolute path to an existing WAV/AIFF/FLAC file inside the configured fragments folder is
 * loaded; everything else comes back with a reason for the device's display.
 * Also converts between Max's path syntax and the system's: Max writes and reads
 * "Volume:/path/to/file" with forward slashes ("Macintosh HD:/Users/...", "C:/Users/...": the
 * "Drive:/path/to/file" syntax of the conformpath reference, docs.cycling74.com/reference/
 * conformpath), while Python and Node on Windows write "C:\\Users\\..." with backslashes.
 */
const nodeFs = require("node:fs");
const nodePath = require("node:path");

const AUDIO_EXTENSIONS = [".wav", ".aif", ".aiff", ".flac"];
const NO_FOLDER = "no fragments folder set: press Folder and pick the folder Python writes to";

/** Max writes paths as "Volume:/rest"; Node needs "/rest" (or "/Volumes/Volume/rest") or "C:/rest". */
function fromMaxPath(maxPath, { platform = process.platform, fs = nodeFs } = {}) {
  const trimmed = String(maxPath).trim();
  let p = trimmed.length > 1 ? trimmed.replace(/[/\\]+$/, "") : trimmed;
  const match = /^([^/\\:]+):\/(.*)$/.exec(p);
  if (match) {
    const [, volume, rest] = match;
    if (platform === "win32") {
      p = `${volume}:/${rest}`; // a drive letter: Node reads "C:/..." as it is
    } else {
      const onBoot = `/${rest}`;
      p = fs.existsSync(onBoot) ? onBoot : `/Volumes/${volume}/${rest}`;
    }
  }
  return p;
}

/**
 * A native path in the form Max reads on this system. On Windows: forward slashes, an upper-case
 * drive letter ("C:/Users/x/a b/é.wav"), no "\\\\?\\" long-path prefix, and a UNC share as
 * "//server/share/..." (Max's manuals do not say how they spell a share: map a drive letter to be
 * safe). Elsewhere the path is already one Max reads: a backslash there is part of a file name.
 */
function toMaxPath(nativePath, { platform = process.platform } = {}) {
  const p = String(nativePath);
  if (platform !== "win32") return p;
  const plain = p.replace(/^\\\\\?\\UNC\\/i, "\\\\").replace(/^\\\\\?\\/, "");
  return plain.replace(/\\/g, "/").replace(/^([a-z]):/, (_, drive) => `${drive.toUpperCase()}:`);
}

/** Node's path functions for `platform`, so Windows paths can be checked on any system. */
function pathFor(platform = process.platform) {
  return platform === "win32" ? nodePath.win32 : nodePath.posix;
}

/** Resolve the configured fragments folder, or explain why it cannot be used. */
function checkFolder(folder, { fs = nodeFs, path = nodePath } = {}) {
  if (folder === undefined || folder === null || folder === "" || folder === 0) {
    return { ok: false, reason: NO_FOLDER };
  }
  const p = String(folder);
  if (!path.isAbsolute(p)) {
    return { ok: false, reason: `fragments folder '${p}' is not an absolute path` };
  }
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return { ok: false, reason: `fragments folder '${p}' does not exist` };
  }
  if (!stat.isDirectory()) return { ok: false, reason: `fragments folder '${p}' is not a folder` };
  return { ok: true, path: fs.realpathSync(p) };
}

function isInside(child, parent, path) {
  const rel = path.relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The first bytes of WAV (RIFF/RF64/W64 "riff"), AIFF/AIFC and FLAC files. */
function sniffAudio(header) {
  const tag = header.subarray(0, 4).toString("latin1");
  const form = header.subarray(8, 12).toString("latin1");
  if ((tag === "RIFF" || tag === "RF64") && form === "WAVE") return true;
  if (tag === "FORM" && (form === "AIFF" || form === "AIFC")) return true;
  if (tag === "riff") return true; // Sony Wave64
  return tag === "fLaC";
}

function readHeader(file, fs) {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(12);
    const n = fs.readSync(fd, buf, 0, 12, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Check a fragment path from OSC against the fragments folder (already resolved by checkFolder).
 * Returns {ok: true, path} with the real path to load, or {ok: false, reason}.
 */
function checkFragmentPath(file, folder, { fs = nodeFs, path = nodePath } = {}) {
  if (!folder) return { ok: false, reason: NO_FOLDER };
  if (typeof file !== "string" || file === "") return { ok: false, reason: "empty path" };
  if (!path.isAbsolute(file)) return { ok: false, reason: `'${file}' is not an absolute path` };
  if (file.split(/[/\\]/).includes("..")) return { ok: false, reason: `'${file}' contains '..'` };
  const ext = path.extname(file).toLowerCase();
  if (!AUDIO_EXTENSIONS.includes(ext)) {
    return { ok: false, reason: `'${file}' is not an audio file (${AUDIO_EXTENSIONS.join(" ")})` };
  }
  if (!isInside(path.resolve(file), folder, path)) {
    return { ok: false, reason: `'${file}' is outside the fragments folder ${folder}` };
  }
  let real;
  try {
    real = fs.realpathSync(file);
    if (!fs.statSync(real).isFile()) return { ok: false, reason: `'${file}' is not a file` };
  } catch {
    return { ok: false, reason: `'${file}' does not exist` };
  }
  // A symlink inside the folder must not smuggle in a file from elsewhere.
  if (!isInside(real, folder, path)) {
    return { ok: false, reason: `'${file}' links outside the fragments folder ${folder}` };
  }
  if (!sniffAudio(readHeader(real, fs))) {
    return { ok: false, reason: `'${file}' has an audio extension but is not a WAV, AIFF or FLAC file` };
  }
  return { ok: true, path: real };
}

module.exports = {
  AUDIO_EXTENSIONS,
  fromMaxPath,
  toMaxPath,
  pathFor,
  checkFolder,
  checkFragmentPath,
  sniffAudio,
};
},
"./sao-quad.js": function (module, exports) {
"use strict";
/**
 * Output panning maths for matrix~ 2 4 (inputs L, R; outputs 1 FL, 2 FR, 3 RL, 4 RR).
 * Stereo: L -> 1, R -> 2. Quad: the stereo pair is a 90-degree arc centred on `position`
 * (degrees, 0 = front, 90 = right, 180 = back), each channel panned with equal power between
 * the two nearest speakers at -45 (FL), 45 (FR), 135 (RR) and -135 (RL) degrees.
 */

// Speakers clockwise from front-right, with their matrix~ outlet index.
const RING = [
  { angle: 45, outlet: 1 }, // FR
  { angle: 135, outlet: 3 }, // RR
  { angle: 225, outlet: 2 }, // RL
  { angle: 315, outlet: 0 }, // FL
];

/** Gains [FL, FR, RL, RR] for a point source at `angle` degrees; their squares sum to 1. */
function pointGains(angle) {
  const a = (((Number(angle) - 45) % 360) + 360) % 360; // degrees past FR, clockwise
  const i = Math.floor(a / 90) % 4;
  const frac = (a - i * 90) / 90;
  const gains = [0, 0, 0, 0];
  gains[RING[i].outlet] = Math.cos((frac * Math.PI) / 2);
  gains[RING[(i + 1) % 4].outlet] += Math.sin((frac * Math.PI) / 2);
  return gains;
}

/** Rows of [input, output, gain] for every matrix~ crosspoint. */
function outputMatrix(quad, position = 0) {
  const rows = quad
    ? [pointGains(Number(position) - 45), pointGains(Number(position) + 45)]
    : [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
      ];
  const out = [];
  rows.forEach((gains, input) => {
    gains.forEach((g, output) => out.push([input, output, Math.abs(g) < 1e-12 ? 0 : g]));
  });
  return out;
}

module.exports = { pointGains, outputMatrix };
},
};
const saoLoaded = {};
function saoRequire(name) {
  if (!Object.prototype.hasOwnProperty.call(SAO_MODULES, name)) {
    throw new Error(`${name} is not in sao-improv.js: rebuild it with m4l/build.py`);
  }
  if (!saoLoaded[name]) {
    const module = { exports: {} };
    saoLoaded[name] = module;
    SAO_MODULES[name](module, module.exports);
  }
  return saoLoaded[name].exports;
}
saoRequire("./sao-main.js");
