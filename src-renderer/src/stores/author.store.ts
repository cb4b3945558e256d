// The name teammates see on what this user starts, ticks and signs. Nothing records an author
// before the user has typed it: `ensure()` asks once (the author dialog), saves it to Team
// settings and answers whether the action may go on. Not secret: it is shared on every tick.
import { create } from 'zustand';
import { call } from '../api/client';

type AuthorState = {
  /** The name, null when none is set, undefined before Team settings answered. */
  name: string | null | undefined;
  /** The dialog asking for it is open; resolving answers the waiting action. */
  asking: { resolve: (isSet: boolean) => void } | null;
  /** Resolves true once a name is set (asking for it if needed), false when the user cancelled. */
  ensure: () => Promise<boolean>;
  /** Saves the name (Team settings or the dialog); answers the waiting action, if any. */
  save: (name: string) => Promise<string>;
  cancel: () => void;
  refresh: () => Promise<string | null>;
};

export const useAuthor = create<AuthorState>()((set, get) => ({
  name: undefined,
  asking: null,
  async refresh() {
    const { name } = await call('team.status', {});
    set({ name });
    return name;
  },
  async ensure() {
    const known = get().name;
    if (known) return true;
    if ((await get().refresh()) !== null) return true;
    get().asking?.resolve(false); // one question at a time: an older one is cancelled
    return new Promise<boolean>((resolve) => set({ asking: { resolve } }));
  },
  async save(name) {
    const t = await call('team.setName', { name: name.trim() });
    const asking = get().asking;
    set({ name: t.name, asking: null });
    asking?.resolve(true);
    return t.name ?? name.trim();
  },
  cancel() {
    const asking = get().asking;
    set({ asking: null });
    asking?.resolve(false);
  },
}));

export const resetAuthor = () => {
  useAuthor.getState().asking?.resolve(false);
  useAuthor.setState({ name: undefined, asking: null });
};
