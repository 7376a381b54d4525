"use strict";
/**
 * The device's side of m4l/OSC.md: checks the arguments of each Python -> device message
 * (as Max hands them over after `route`) and shapes the text the device displays.
 * Every failure names the address, the field and the reason.
 */

const STATES = ["generating", "ready", "error", "busy"];
const FRAGMENT_FIELDS = ["id", "path", "duration", "sample_rate", "prompt"];

const isText = (v) => typeof v === "string" || typeof v === "number";

/** /sao/fragment id path duration sample_rate prompt -> {ok, fragment} or {ok: false, reason}. */
function parseFragment(args) {
  const fail = (reason) => ({ ok: false, reason: `/sao/fragment: ${reason}` });
  if (args.length !== FRAGMENT_FIELDS.length) {
    const expected = `${FRAGMENT_FIELDS.length} arguments (${FRAGMENT_FIELDS.join(", ")})`;
    return fail(`expected ${expected}, got ${args.length}`);
  }
  const [id, path, duration, sampleRate, prompt] = args;
  if (!isText(id) || String(id) === "") return fail("id must be a non-empty string");
  if (typeof path !== "string" || path === "") return fail("path must be a non-empty string");
  const seconds = Number(duration);
  if (typeof duration !== "number" || !Number.isFinite(seconds) || seconds <= 0) {
    return fail(`duration must be a positive number of seconds, got '${duration}'`);
  }
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    return fail(`sample_rate must be a positive integer, got '${sampleRate}'`);
  }
  if (!isText(prompt)) return fail("prompt must be a string");
  const fragment = { id: String(id), path, seconds, durationMs: seconds * 1000, sampleRate };
  return { ok: true, fragment: { ...fragment, prompt: String(prompt) } };
}

/** /sao/status state message -> {ok, state, message} or {ok: false, reason}. */
function parseStatus(args) {
  const [state, ...rest] = args;
  if (!STATES.includes(state)) {
    const reason = `/sao/status: state must be one of ${STATES.join(", ")}, got '${state}'`;
    return { ok: false, reason };
  }
  return { ok: true, state, message: rest.map(String).join(" ") };
}

/**
 * /sao/adapters name strength ... -> {ok, adapters: [{name, strength}]} or {ok: false, reason}.
 * Zero pairs reach Node as a lone "bang": route outputs bang for a message with no arguments.
 */
function parseAdapters(args) {
  const fail = (reason) => ({ ok: false, reason: `/sao/adapters: ${reason}` });
  const pairs = args.length === 1 && args[0] === "bang" ? [] : args;
  if (pairs.length % 2 !== 0) {
    return fail(`expected name strength pairs, got ${pairs.length} arguments`);
  }
  const adapters = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [name, strength] = [pairs[i], pairs[i + 1]];
    if (!isText(name) || String(name) === "") {
      return fail(`adapter ${i / 2 + 1}: name must be a non-empty string`);
    }
    if (typeof strength !== "number" || !(strength >= 0 && strength <= 1)) {
      return fail(`strength of '${name}' must be a number in 0..1, got '${strength}'`);
    }
    adapters.push({ name: String(name), strength });
  }
  return { ok: true, adapters };
}

/** Shorten text for a narrow display, keeping the start. */
function clip(text, max) {
  const s = String(text);
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

module.exports = { STATES, FRAGMENT_FIELDS, parseFragment, parseStatus, parseAdapters, clip };
