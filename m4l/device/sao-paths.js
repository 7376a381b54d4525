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
