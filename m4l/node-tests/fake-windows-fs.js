"use strict";
/**
 * A Windows file system in memory, for running the device's path checks as on Windows from any
 * system: paths compare case-insensitively, either slash separates, and realpathSync returns the
 * stored spelling with backslashes, as Node on Windows does.
 */
const win = require("node:path").win32;

function fakeWindowsFs(files) {
  const byKey = new Map(); // lower-cased resolved path -> { real, data | null (a folder) }
  const add = (real, data) => byKey.set(win.resolve(real).toLowerCase(), { real, data });
  for (const [file, data] of Object.entries(files)) {
    add(file, Buffer.from(data));
    for (let dir = win.dirname(file); dir !== win.dirname(dir); dir = win.dirname(dir)) {
      if (!byKey.has(win.resolve(dir).toLowerCase())) add(dir, null);
    }
  }
  const find = (p) => {
    const entry = byKey.get(win.resolve(String(p)).toLowerCase());
    if (!entry) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
    return entry;
  };
  const open = new Map();
  return {
    existsSync: (p) => byKey.has(win.resolve(String(p)).toLowerCase()),
    statSync: (p) => {
      const { data } = find(p);
      return { isFile: () => data !== null, isDirectory: () => data === null };
    },
    realpathSync: (p) => find(p).real,
    openSync: (p) => {
      const fd = open.size + 3;
      open.set(fd, find(p).data);
      return fd;
    },
    readSync: (fd, buf, offset, length, position) => open.get(fd).copy(buf, offset, position, position + length),
    closeSync: (fd) => open.delete(fd),
  };
}

module.exports = { fakeWindowsFs };
