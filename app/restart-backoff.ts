/** A replaced process waits this long, doubled after each death in a row, up to the maximum. */
export const RESTART_DELAY_MS = 100;
export const MAX_RESTART_DELAY_MS = 10_000;
/** A process that served this long died of something new: its replacement starts without waiting. */
export const STABLE_MS = 30_000;

/**
 * The wait before replacing a process that served `servedMs`, given the wait the previous death set (`backoff`,
 * `RESTART_DELAY_MS` before any), and the wait for the next death: one that served `STABLE_MS` or more is replaced at
 * once and resets the backoff; otherwise it waits the backoff, which doubles up to the maximum.
 */
export function restartDelay(backoff: number, servedMs: number): { delayMs: number; next: number } {
  if (servedMs >= STABLE_MS) return { delayMs: 0, next: RESTART_DELAY_MS };
  return { delayMs: backoff, next: Math.min(backoff * 2, MAX_RESTART_DELAY_MS) };
}
