"use strict";
/** Builds a throwaway fragments folder with real audio headers, fakes and a symlink escape. */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

function wavBytes() {
  // A valid 44-byte header of an empty 16-bit stereo 44.1 kHz WAV.
  const b = Buffer.alloc(44);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(36, 4);
  b.write("WAVEfmt ", 8, "latin1");
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(2, 22);
  b.writeUInt32LE(44100, 24);
  b.writeUInt32LE(44100 * 4, 28);
  b.writeUInt16LE(4, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36, "latin1");
  return b;
}

function makeFragmentsTree() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sao-m4l-"));
  const folder = path.join(root, "fragments");
  const outside = path.join(root, "elsewhere");
  fs.mkdirSync(path.join(folder, "sub"), { recursive: true });
  fs.mkdirSync(outside);
  const files = {
    wav: path.join(folder, "a.wav"),
    upper: path.join(folder, "B.WAV"),
    nested: path.join(folder, "sub", "c.wav"),
    aiff: path.join(folder, "d.aiff"),
    flac: path.join(folder, "e.flac"),
    text: path.join(folder, "notes.txt"),
    fakeWav: path.join(folder, "fake.wav"),
    outsideWav: path.join(outside, "other.wav"),
    link: path.join(folder, "link.wav"),
  };
  for (const key of ["wav", "upper", "nested", "outsideWav"]) {
    fs.writeFileSync(files[key], wavBytes());
  }
  fs.writeFileSync(files.aiff, Buffer.concat([Buffer.from("FORM\0\0\0\x04AIFF", "latin1")]));
  fs.writeFileSync(files.flac, Buffer.from("fLaC\0\0\0\x22", "latin1"));
  fs.writeFileSync(files.text, "not audio\n");
  fs.writeFileSync(files.fakeWav, "just text with a .wav name\n");
  fs.symlinkSync(files.outsideWav, files.link);
  const cleanup = () => fs.rmSync(root, { recursive: true, force: true });
  return { root, folder, outside, files, cleanup };
}

module.exports = { makeFragmentsTree, wavBytes };
