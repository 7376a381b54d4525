"use strict";
/** Node for Max entry point (`node.script sao-improv.js`): the logic lives in sao-controller.js. */
require("./sao-controller.js").attach(require("max-api"));
