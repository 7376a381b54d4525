"use strict";
// Windows paths, as Python and fs.realpathSync write them there, reach buffer~ in Max's form.
const test = require("node:test");
const assert = require("node:assert/strict");
const { attach } = require("../device/sao-controller.js");
const { toMaxPath, fromMaxPath, checkFragmentPath, pathFor } = require("../device/sao-paths.js");
const { createMaxApi } = require("./max-api-standin.js");
const { fakeWindowsFs } = require("./fake-windows-fs.js");
const { wavBytes } = require("./fixtures.js");

const FOLDER = "C:\\Users\\Zoë Ñ\\My Fragments";
const fs = fakeWindowsFs({
  [`${FOLDER}\\f0123456789ab é 1.wav`]: wavBytes(),
  [`${FOLDER}\\sub dir\\日本.wav`]: wavBytes(),
  "D:\\elsewhere\\x.wav": wavBytes(),
  "\\\\nas\\live share\\frag\\a.wav": wavBytes(),
});

test("toMaxPath writes Windows paths with forward slashes and an upper-case drive", () => {
  const win = (p) => toMaxPath(p, { platform: "win32" });
  assert.equal(win("C:\\Users\\x\\a b\\é.wav"), "C:/Users/x/a b/é.wav");
  assert.equal(win("c:\\users\\x\\a.wav"), "C:/users/x/a.wav");
  assert.equal(win("C:/Users/x/a.wav"), "C:/Users/x/a.wav");
  assert.equal(win("D:\\mixed/slashes\\日本 語.wav"), "D:/mixed/slashes/日本 語.wav");
  assert.equal(win("\\\\?\\C:\\very\\long\\path.wav"), "C:/very/long/path.wav");
  assert.equal(win("\\\\nas\\share\\a b.wav"), "//nas/share/a b.wav");
  assert.equal(win("\\\\?\\UNC\\nas\\share\\a.wav"), "//nas/share/a.wav");
});

test("toMaxPath leaves macOS and Linux paths alone, backslashes included", () => {
  for (const platform of ["darwin", "linux"]) {
    assert.equal(toMaxPath("/Users/zoë/a b/é.wav", { platform }), "/Users/zoë/a b/é.wav");
    assert.equal(toMaxPath("/tmp/odd\\name.wav", { platform }), "/tmp/odd\\name.wav");
  }
});

test("Max's folder from the dialog becomes a path Node reads on Windows", () => {
  const opts = { platform: "win32", fs };
  assert.equal(fromMaxPath("C:/Users/Zoë Ñ/My Fragments/", opts), "C:/Users/Zoë Ñ/My Fragments");
  assert.equal(fromMaxPath("//nas/live share/frag/", opts), "//nas/live share/frag");
});

function windowsDevice() {
  const max = createMaxApi();
  attach(max, { platform: "win32", fs });
  max.take();
  return max;
}

const fragment = (file, id = "f0123456789ab") => ["fragment", id, file, 1.5, 44100, "pad"];
const replaced = (max) => max.take().filter((m) => m[2] === "replace").map((m) => m[3]);

test("a Windows fragment path from Python is loaded in Max's form", () => {
  const max = windowsDevice();
  max.send("folder", "C:/Users/Zoë Ñ/My Fragments/");
  assert.deepEqual(max.take(), [
    ["script", "send", "status", "set", "fragments folder: C:/Users/Zoë Ñ/My Fragments"],
  ]);
  max.send(...fragment(`${FOLDER}\\f0123456789ab é 1.wav`));
  max.send(...fragment(`${FOLDER}\\sub dir\\日本.wav`));
  assert.deepEqual(replaced(max), [
    "C:/Users/Zoë Ñ/My Fragments/f0123456789ab é 1.wav",
    "C:/Users/Zoë Ñ/My Fragments/sub dir/日本.wav",
  ]);
});

test("drive letter case and slash style from Python do not matter; the real spelling is loaded", () => {
  const max = windowsDevice();
  max.send("folder", "C:/Users/Zoë Ñ/My Fragments");
  max.take();
  max.send(...fragment("c:\\users\\zoë ñ\\my fragments\\F0123456789AB É 1.WAV"));
  max.send(...fragment("C:/Users/Zoë Ñ/My Fragments/sub dir/日本.wav"));
  assert.deepEqual(replaced(max), [
    "C:/Users/Zoë Ñ/My Fragments/f0123456789ab é 1.wav",
    "C:/Users/Zoë Ñ/My Fragments/sub dir/日本.wav",
  ]);
});

test("a clip for Live gets the same Max-form path", () => {
  const max = windowsDevice();
  max.send("folder", "C:/Users/Zoë Ñ/My Fragments");
  max.send("cliptrack", 2);
  max.take();
  max.send(...fragment(`${FOLDER}\\f0123456789ab é 1.wav`));
  assert.deepEqual(max.take().at(-1), ["clip", 2, "C:/Users/Zoë Ñ/My Fragments/f0123456789ab é 1.wav"]);
});

test("a fragments folder on a UNC share works like a drive", () => {
  const max = windowsDevice();
  max.send("folder", "//nas/live share/frag");
  assert.match(max.take()[0][4], /^fragments folder: \/\/nas\/live share\/frag$/);
  max.send(...fragment("\\\\nas\\live share\\frag\\a.wav"));
  assert.deepEqual(replaced(max), ["//nas/live share/frag/a.wav"]);
});

test("Windows paths outside the folder, with '..' or relative are still refused", () => {
  const folder = fs.realpathSync(FOLDER);
  const opts = { fs, path: pathFor("win32") };
  const reason = (file) => checkFragmentPath(file, folder, opts).reason;
  assert.match(reason("D:\\elsewhere\\x.wav"), /is outside the fragments folder/);
  assert.match(reason(`${FOLDER}\\sub dir\\..\\..\\x.wav`), /contains '\.\.'/);
  assert.match(reason("My Fragments\\a.wav"), /is not an absolute path/);
  assert.match(reason(`${FOLDER}\\gone.wav`), /does not exist/);
  assert.match(reason(`${FOLDER} 2\\a.wav`), /is outside the fragments folder/);
});
