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
const { parseFragment, parseStatus, parseAdapters, clip } = require("./sao-messages.js");
const { AdapterDials } = require("./sao-adapters.js");
const { PortProbe } = require("./sao-probe.js");
const { SlotRing, MAX_SLOTS } = require("./sao-slots.js");
const { checkFolder, checkFragmentPath, fromMaxPath, toMaxPath, pathFor } = require("./sao-paths.js");
const { outputMatrix } = require("./sao-quad.js");

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
