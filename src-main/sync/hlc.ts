/**
 * Hybrid logical clock (architecture.md "Clock"): wall time in ms, a counter for events in
 * the same ms, and the node id, as a string that sorts as text in clock order.
 */
export type Hlc = { wall: number; counter: number; node: string };

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;

export function formatHlc(h: Hlc): string {
  return `${String(h.wall).padStart(WALL_DIGITS, '0')}-${String(h.counter).padStart(COUNTER_DIGITS, '0')}-${h.node}`;
}

/** Where a clock's node id starts: after `WALL-COUNTER-`. */
const NODE_AT = WALL_DIGITS + COUNTER_DIGITS + 2;

/** The node that made a clock (its `NODE` part), without parsing the rest. */
export function hlcNode(s: string): string {
  return s.slice(NODE_AT);
}

/** Parse a clock (`WALL-COUNTER-NODE`). By position, no regular expression: a bundle parses one per op. */
export function parseHlc(s: string): Hlc {
  const node = NODE_AT;
  if (s.length <= node || s.charCodeAt(WALL_DIGITS) !== DASH || s.charCodeAt(node - 1) !== DASH || !digits(s, 0, WALL_DIGITS) || !digits(s, WALL_DIGITS + 1, node - 1)) {
    throw new Error(`malformed HLC: ${s}`);
  }
  return { wall: Number(s.slice(0, WALL_DIGITS)), counter: Number(s.slice(WALL_DIGITS + 1, node - 1)), node: s.slice(node) };
}

const DASH = 45;

function digits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The next local clock after `last`: never behind `last`, even when the wall clock went back. */
export function tick(last: Hlc | null, now: number, node: string): Hlc {
  if (!last || now > last.wall) return { wall: now, counter: 0, node };
  return { wall: last.wall, counter: last.counter + 1, node };
}

/** Advance past a remote clock (when applying a bundle), so local edits made after it sort after it. */
export function receive(last: Hlc | null, remote: Hlc, now: number, node: string): Hlc {
  const lastWall = last?.wall ?? 0;
  const wall = Math.max(lastWall, remote.wall, now);
  let counter = 0;
  if (wall === lastWall && wall === remote.wall) counter = Math.max(last!.counter, remote.counter) + 1;
  else if (wall === lastWall) counter = last!.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  return { wall, counter, node };
}
