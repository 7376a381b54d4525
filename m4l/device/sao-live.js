// sao-live.js: Max `js` object (classic Max JavaScript, ES5) for the Live Object Model.
// Observes Live's tempo (-> "tempo <bpm>", sent to Python as /sao/tempo) and, on
// "clip <track> <path>", puts the fragment into the next empty session clip slot of track
// <track> (1-based, as numbered in Live) with ClipSlot.create_audio_clip (Live 12 only).
// Replies go out as "report <text>" for the device's display. The Node tests run this very
// file in a vm context with a stand-in LiveAPI and outlet(), so it sticks to ES5 and Max's globals.

autowatch = 1;
inlets = 1;
outlets = 1;

var tempoObserver = null;

// live.thisdevice bangs once the Live API is ready: only then may LiveAPI objects be made.
function bang() {
  tempoObserver = new LiveAPI(onTempo, "live_set");
  tempoObserver.property = "tempo";
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
