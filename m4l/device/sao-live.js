// sao-live.js: Max `js` object (classic Max JavaScript, ES5) for the Live Object Model.
// Observes Live's tempo (-> "tempo <bpm>", sent to Python as /sao/tempo) and, on
// "clip <track> <path>", puts the fragment into the next empty session clip slot of track
// <track> (1-based, as numbered in Live) with ClipSlot.create_audio_clip (Live 12 only).
// Routes the device's extra outputs, 3/4 (rear) and 5/6 (send), from menus in the device: each
// is a DeviceIO (this_device audio_outputs 1 and 2) whose routing type and channel Live lists
// and sets, as the routing popups of Cycling '74's Audio Routes devices do. The menus are driven
// by "menu <name> clear|append <item>|set <index>", the choice comes back as
// "pick <rear|send> <type|channel> <index>".
// Replies go out as "report <text>" for the device's display. The Node tests run this very
// file in a vm context with a stand-in LiveAPI and outlet(), so it sticks to ES5 and Max's globals.

autowatch = 1;
inlets = 1;
outlets = 1;

var tempoObserver = null;
var OUTPUTS = { rear: 1, send: 2 }; // index in this_device audio_outputs (0 is 1/2, the track's)
var outputs = {}; // name -> { api, observers, types, channels }

// live.thisdevice bangs once the Live API is ready: only then may LiveAPI objects be made.
function bang() {
  tempoObserver = new LiveAPI(onTempo, "live_set");
  tempoObserver.property = "tempo";
  for (var name in OUTPUTS) watchOutput(name);
}

function onTempo(args) {
  if (args && args[0] === "tempo") outlet(0, "tempo", Number(args[1]));
}

function clip(track, path) {
  var result = createAudioClip(LiveAPI, Number(track), String(path));
  outlet(0, "report", result.message);
}

// Pure Live-object logic, kept apart from outlet() so it can be tested with a stand-in LiveAPI.
function createAudioClip(Api, trackNumber, path) {
  if (!(trackNumber >= 1)) return { ok: false, message: "clip track is off" };
  var major = Number(new Api("live_app").call("get_major_version"));
  if (!(major >= 12)) {
    return { ok: false, message: "audio clips need Live 12 (create_audio_clip); this is Live " + major };
  }
  var trackPath = "live_set tracks " + (trackNumber - 1);
  var track = new Api(trackPath);
  if (Number(track.id) === 0) {
    return { ok: false, message: "clip track " + trackNumber + " does not exist" };
  }
  if (Number(track.get("has_midi_input")) === 1 || Number(track.get("is_foldable")) === 1) {
    return { ok: false, message: "clip track " + trackNumber + " is not an audio track" };
  }
  var count = track.getcount("clip_slots");
  for (var i = 0; i < count; i++) {
    var slot = new Api(trackPath + " clip_slots " + i);
    if (Number(slot.get("has_clip")) === 0) {
      slot.call("create_audio_clip", path);
      return { ok: true, message: "clip in track " + trackNumber + ", scene " + (i + 1) };
    }
  }
  return { ok: false, message: "track " + trackNumber + " has no empty clip slot: add a scene" };
}

// -- the extra outputs --------------------------------------------------------------------------

var WATCHED = ["available_routing_types", "routing_type", "available_routing_channels", "routing_channel"];

function watchOutput(name) {
  var path = "this_device audio_outputs " + OUTPUTS[name];
  var api = new LiveAPI(path);
  if (Number(api.id) === 0) return; // a Live without DeviceIO: leave the menus empty
  var io = { api: api, observers: [], types: [], channels: [] };
  outputs[name] = io;
  for (var i = 0; i < WATCHED.length; i++) {
    var observer = new LiveAPI(function () { showOutput(name); }, path);
    observer.property = WATCHED[i];
    io.observers.push(observer);
  }
  showOutput(name);
}

function showOutput(name) {
  var io = outputs[name];
  io.types = dictValue(io.api.get("available_routing_types"), "available_routing_types") || [];
  io.channels = dictValue(io.api.get("available_routing_channels"), "available_routing_channels") || [];
  fillMenu(name + "-type", io.types, dictValue(io.api.get("routing_type"), "routing_type"));
  fillMenu(name + "-channel", io.channels, dictValue(io.api.get("routing_channel"), "routing_channel"));
}

function fillMenu(menu, entries, current) {
  outlet(0, "menu", menu, "clear");
  var chosen = 0;
  for (var i = 0; i < entries.length; i++) {
    outlet(0, "menu", menu, "append", String(entries[i].display_name));
    if (current && entries[i].identifier === current.identifier) chosen = i;
  }
  if (entries.length) outlet(0, "menu", menu, "set", chosen);
}

function pick(name, kind, index) {
  var io = outputs[name];
  if (!io) return;
  var entry = (kind === "type" ? io.types : io.channels)[Math.round(Number(index))];
  if (!entry) return;
  io.api.set(kind === "type" ? "routing_type" : "routing_channel", { identifier: entry.identifier });
}

// Live hands a dictionary property over as JSON text: one string, or its words as a Max list.
function dictValue(value, key) {
  if (value && typeof value === "object" && !Array.isArray(value)) return valueAt(value, key);
  var text = Array.isArray(value) ? value.join(" ") : String(value);
  var start = text.indexOf("{");
  if (start < 0) return null;
  try {
    return valueAt(JSON.parse(text.slice(start)), key);
  } catch (e) {
    return null;
  }
}

function valueAt(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : null;
}

watchOutput.local = 1;
showOutput.local = 1;
fillMenu.local = 1;
dictValue.local = 1;
valueAt.local = 1;
