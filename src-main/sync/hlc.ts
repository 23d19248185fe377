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

export function parseHlc(s: string): Hlc {
  const m = /^(\d{15})-(\d{6})-(.+)$/.exec(s);
  if (!m) throw new Error(`malformed HLC: ${s}`);
  return { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! };
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
