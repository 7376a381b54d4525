"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const paths = require("../device/sao-paths.js");
const { checkFolder, checkFragmentPath, fromMaxPath, sniffAudio } = paths;
const { makeFragmentsTree } = require("./fixtures.js");

const tree = makeFragmentsTree();
test.after(tree.cleanup);
const folder = checkFolder(tree.folder).path;

function rejected(file, pattern) {
  const result = checkFragmentPath(file, folder);
  assert.equal(result.ok, false, `${file} should be rejected`);
  assert.equal(result.path, undefined);
  assert.match(result.reason, pattern);
  return result;
}

test("audio files inside the folder are accepted with their real path", () => {
  for (const key of ["wav", "upper", "nested", "aiff", "flac"]) {
    const result = checkFragmentPath(tree.files[key], folder);
    assert.deepEqual(result, { ok: true, path: tree.files[key] }, key);
  }
});

test("a relative path is rejected", () => {
  rejected("fragments/a.wav", /is not an absolute path/);
  rejected("a.wav", /is not an absolute path/);
});

test("an existing audio file outside the folder is rejected", () => {
  rejected(tree.files.outsideWav, /is outside the fragments folder/);
});

test("'..' traversal is rejected even when it would land inside the folder", () => {
  rejected(`${tree.folder}/sub/../a.wav`, /contains '\.\.'/);
  rejected(`${tree.folder}/../elsewhere/other.wav`, /contains '\.\.'/);
});

test("a file that is not audio by extension is rejected", () => {
  rejected(tree.files.text, /is not an audio file \(\.wav \.aif \.aiff \.flac\)/);
  rejected(path.join(tree.folder, "a.mp3"), /is not an audio file/);
});

test("a missing file is rejected", () => {
  rejected(path.join(tree.folder, "gone.wav"), /does not exist/);
});

test("a text file named .wav is rejected by its header", () => {
  rejected(tree.files.fakeWav, /is not a WAV, AIFF or FLAC file/);
});

test("a symlink inside the folder that points outside is rejected", () => {
  rejected(tree.files.link, /links outside the fragments folder/);
});

test("the folder itself, empty and non-string paths are rejected", () => {
  rejected(`${tree.folder}.wav`, /is outside the fragments folder/);
  rejected("", /empty path/);
  rejected(undefined, /empty path/);
});

test("without a configured folder nothing is loaded", () => {
  const result = checkFragmentPath(tree.files.wav, null);
  assert.equal(result.ok, false);
  assert.match(result.reason, /no fragments folder set/);
});

test("the folder setting is checked: unset, relative, missing, a file", () => {
  assert.match(checkFolder("").reason, /no fragments folder set/);
  assert.match(checkFolder("fragments").reason, /is not an absolute path/);
  assert.match(checkFolder(path.join(tree.root, "nope")).reason, /does not exist/);
  assert.match(checkFolder(tree.files.wav).reason, /is not a folder/);
  assert.deepEqual(checkFolder(`${tree.folder}/`), { ok: true, path: tree.folder });
});

test("Max-style folder paths become native paths", () => {
  const fs = { existsSync: (p) => p === "/Users/me/fragments" }; // the boot volume has /Users/me
  const mac = (p) => fromMaxPath(p, { platform: "darwin", fs });
  assert.equal(mac("Macintosh HD:/Users/me/fragments/"), "/Users/me/fragments");
  assert.equal(mac("Stage SSD:/sao/fragments"), "/Volumes/Stage SSD/sao/fragments");
  assert.equal(fromMaxPath("C:/Users/me/fragments/", { platform: "win32", fs }), "C:/Users/me/fragments");
  assert.equal(fromMaxPath("/home/me/fragments/", { platform: "linux", fs }), "/home/me/fragments");
  assert.equal(fromMaxPath("/", { platform: "linux", fs }), "/");
});

test("headers are sniffed for WAV, RF64, AIFF, AIFC and FLAC only", () => {
  const h = (s) => Buffer.from(s, "latin1");
  assert.ok(sniffAudio(h("RIFF\0\0\0\0WAVE")));
  assert.ok(sniffAudio(h("RF64\0\0\0\0WAVE")));
  assert.ok(sniffAudio(h("FORM\0\0\0\0AIFF")));
  assert.ok(sniffAudio(h("FORM\0\0\0\0AIFC")));
  assert.ok(sniffAudio(h("fLaC")));
  assert.ok(!sniffAudio(h("RIFF\0\0\0\0AVI ")));
  assert.ok(!sniffAudio(h("ID3\x04")));
  assert.ok(!sniffAudio(h("")));
});
