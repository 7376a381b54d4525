"use strict";
// The bundle node.script loads must run with nothing beside it, as in a frozen device's copy.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const Module = require("node:module");
const { createMaxApi } = require("./max-api-standin.js");

const BUNDLE = path.join(__dirname, "..", "device", "sao-improv.js");

function loadAlone(file, maxApi) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === "max-api" ? "max-api" : resolve.call(this, request, ...rest);
  };
  require.cache["max-api"] = { id: "max-api", filename: "max-api", loaded: true, exports: maxApi };
  try {
    require(file);
  } finally {
    Module._resolveFilename = resolve;
    delete require.cache["max-api"];
  }
}

test("the bundle alone in an empty folder attaches the whole controller", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sao-bundle-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, "sao-improv.js");
  fs.copyFileSync(BUNDLE, copy);
  const max = createMaxApi();
  loadAlone(copy, max);
  assert.deepEqual(fs.readdirSync(dir), ["sao-improv.js"]);
  assert.deepEqual(max.take(), [["ready"]]);
  assert.ok(max.handlers.has("fragment") && max.handlers.has("folder"));
});
