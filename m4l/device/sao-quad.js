"use strict";
/**
 * Output panning maths for matrix~ 2 4 (inputs L, R; outputs 1 FL, 2 FR, 3 RL, 4 RR).
 * Stereo: L -> 1, R -> 2. Quad: the stereo pair is a 90-degree arc centred on `position`
 * (degrees, 0 = front, 90 = right, 180 = back), each channel panned with equal power between
 * the two nearest speakers at -45 (FL), 45 (FR), 135 (RR) and -135 (RL) degrees.
 */

// Speakers clockwise from front-right, with their matrix~ outlet index.
const RING = [
  { angle: 45, outlet: 1 }, // FR
  { angle: 135, outlet: 3 }, // RR
  { angle: 225, outlet: 2 }, // RL
  { angle: 315, outlet: 0 }, // FL
];

/** Gains [FL, FR, RL, RR] for a point source at `angle` degrees; their squares sum to 1. */
function pointGains(angle) {
  const a = (((Number(angle) - 45) % 360) + 360) % 360; // degrees past FR, clockwise
  const i = Math.floor(a / 90) % 4;
  const frac = (a - i * 90) / 90;
  const gains = [0, 0, 0, 0];
  gains[RING[i].outlet] = Math.cos((frac * Math.PI) / 2);
  gains[RING[(i + 1) % 4].outlet] += Math.sin((frac * Math.PI) / 2);
  return gains;
}

/** Rows of [input, output, gain] for every matrix~ crosspoint. */
function outputMatrix(quad, position = 0) {
  const rows = quad
    ? [pointGains(Number(position) - 45), pointGains(Number(position) + 45)]
    : [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
      ];
  const out = [];
  rows.forEach((gains, input) => {
    gains.forEach((g, output) => out.push([input, output, Math.abs(g) < 1e-12 ? 0 : g]));
  });
  return out;
}

module.exports = { pointGains, outputMatrix };
