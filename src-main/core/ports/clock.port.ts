// Time as a port, so services and tests never read Date.now() directly.
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set: (iso: string) => void } {
  let at = new Date(iso);
  return {
    now: () => new Date(at.getTime()),
    set: (next: string) => {
      at = new Date(next);
    },
  };
}
