"use strict";
/**
 * Stand-in for Node for Max's `max-api` (which exists only inside Max): records handlers and
 * outlet calls so tests can drive the device logic exactly as the patcher would.
 */
function createMaxApi() {
  const handlers = new Map();
  const outlets = [];
  return {
    handlers,
    outlets,
    addHandler(name, fn) {
      handlers.set(name, fn);
    },
    outlet(...atoms) {
      outlets.push(atoms);
      return Promise.resolve();
    },
    post() {},
    /** Deliver a Max message `name args...` to the script, like node.script's inlet does. */
    send(name, ...args) {
      const fn = handlers.get(name);
      if (!fn) throw new Error(`no handler for '${name}'`);
      return fn(...args);
    },
    /** Outlet messages since the last call, then forget them. */
    take() {
      return outlets.splice(0, outlets.length);
    },
  };
}

module.exports = { createMaxApi };
