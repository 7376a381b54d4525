"use strict";
/**
 * The device's side of m4l/OSC.md: checks the arguments of each Python -> device message
 * (as Max hands them over after `route`) and shapes the text the device displays.
 * Every failure names the address, the field and the reason.
 */

const STATES = ["generating", "ready", "error"];
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

/** Shorten text for a narrow display, keeping the start. */
function clip(text, max) {
  const s = String(text);
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

module.exports = { STATES, FRAGMENT_FIELDS, parseFragment, parseStatus, clip };
