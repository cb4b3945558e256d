// Locks after a stretch without user input in the app (not system idle time, as
// Bitwarden defines it). The shell feeds it input events and power events.
import type { Timers } from './clipboard-guard.js';

export function createIdleLock(timers: Timers, onIdle: () => void) {
  let timer: unknown = null;
  let minutes = 5;
  let isArmed = false;

  function restart(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = isArmed ? timers.setTimeout(fire, minutes * 60_000) : null;
  }
  function fire(): void {
    timer = null;
    isArmed = false;
    onIdle();
  }

  return {
    /** Starts counting (after an unlock) or stops (after a lock). */
    arm(on: boolean): void {
      isArmed = on;
      restart();
    },
    setMinutes(m: number): void {
      minutes = m;
      restart();
    },
    /** User input: start the count again. */
    touch(): void {
      if (isArmed) restart();
    },
  };
}
