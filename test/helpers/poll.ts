// Waiting for a state instead of for a fixed time: a busy machine only makes the wait longer.

/** Calls `probe` every few milliseconds until it returns a value; fails after `limitMs` (a hang, not slowness). */
export async function pollFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  limitMs = 60_000,
  what = 'the awaited state',
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${limitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
