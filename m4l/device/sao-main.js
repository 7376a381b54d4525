"use strict";
/**
 * Node for Max entry point. node.script loads sao-improv.js, which m4l/build.py bundles from this
 * file and the modules it requires; the logic lives in sao-controller.js.
 */
require("./sao-controller.js").attach(require("max-api"));
