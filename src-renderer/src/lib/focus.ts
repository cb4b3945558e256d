// Focus and layers, one rule for every dialog and panel: a layer opens with focus on its first field (or its
// primary action when it has none), keeps Tab inside it, and gives focus back to what opened it when it closes.
// One Esc closes the topmost layer only (a wizard over the key detail panel: the wizard).
import { useLayoutEffect, useRef, type RefObject } from 'react';

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]:not([tabindex="-1"])',
].join(',');
const FIELD = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

const isShown = (el: HTMLElement) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

/** The elements Tab stops on inside `root`, in order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => el.tabIndex >= 0 && isShown(el));
}

/**
 * Where focus goes when `root` opens: an element marked `data-autofocus`, else the first field of its body, else its
 * primary action, else the first control of its footer or body, else `root` itself.
 */
export function initialFocus(root: HTMLElement, body: HTMLElement = root): HTMLElement {
  const pick = (selector: string, within: ParentNode = root) =>
    Array.from(within.querySelectorAll<HTMLElement>(selector)).find(isShown);
  return (
    pick('[data-autofocus]') ??
    pick(FIELD, body) ??
    pick('.button.primary:not([disabled])') ??
    pick('footer button:not([disabled])') ??
    tabbables(body)[0] ??
    root
  );
}

/** Tab from the last stop goes to the first, Shift+Tab from the first to the last. */
export function trapTab(e: KeyboardEvent | React.KeyboardEvent, root: HTMLElement): void {
  if (e.key !== 'Tab') return;
  const stops = tabbables(root);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const at = document.activeElement;
  if (e.shiftKey && (at === first || !root.contains(at))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || !root.contains(at))) {
    e.preventDefault();
    first.focus();
  }
}

type Layer = { id: number; element: () => HTMLElement | null; close: () => void };
const layers: Layer[] = [];
let nextLayer = 1;

function onEscape(e: KeyboardEvent) {
  // A field that used Esc itself (cancelling an edit, clearing a search) has marked the event handled.
  if (e.key !== 'Escape' || e.defaultPrevented) return;
  const top = layers[layers.length - 1];
  if (!top) return;
  e.preventDefault();
  top.close();
}

/** Whether the layer is the topmost one open. */
export const isTopLayer = (id: number) => layers[layers.length - 1]?.id === id;

/** The element of the topmost open layer, if any. */
export const topLayerElement = () => layers[layers.length - 1]?.element() ?? null;

function focusable(el: Element | null): el is HTMLElement {
  return el instanceof HTMLElement && el.isConnected && el !== document.body && isShown(el);
}

/**
 * Registers a layer while the calling component is mounted: Esc closes it when it is topmost, and on unmount focus
 * goes back to what had it at mount (or, when that is gone, to `fallback()`, the layer below, or the main content).
 * Returns the layer's id.
 */
export function useLayer(
  ref: RefObject<HTMLElement | null>,
  close: () => void,
  fallback?: () => HTMLElement | null,
): RefObject<number> {
  const closeRef = useRef(close);
  const fallbackRef = useRef(fallback);
  closeRef.current = close;
  fallbackRef.current = fallback;
  const id = useRef(0);
  useLayoutEffect(() => {
    const opener = document.activeElement;
    const el = ref.current;
    const layer: Layer = { id: nextLayer++, element: () => ref.current, close: () => closeRef.current() };
    id.current = layer.id;
    if (layers.length === 0) window.addEventListener('keydown', onEscape);
    layers.push(layer);
    return () => {
      // Only when focus was in this layer (or lost with it): a layer closing under another leaves focus alone.
      // Asked before the dialog closes, as closing it moves focus itself.
      const here = document.activeElement;
      const had = !focusable(here) || el?.contains(here);
      // A modal dialog still open makes the rest of the page inert: close it before moving focus out.
      if (el instanceof HTMLDialogElement && el.open) el.close();
      layers.splice(layers.indexOf(layer), 1);
      if (layers.length === 0) window.removeEventListener('keydown', onEscape);
      if (!had) return;
      const instead = () =>
        [fallbackRef.current?.() ?? null, topLayerElement(), document.querySelector('main')].find(focusable);
      const back = focusable(opener) ? opener : instead();
      if (back) focusOn(back);
      // The opener can be replaced just after (a "Rotate…" that becomes "Resume" once the rotation left open is
      // known): focus would fall to the page body, so it goes where it would have gone had the opener been gone.
      if (back === opener) whenReplaced(back, instead);
    };
  }, [ref]);
  return id;
}

function focusOn(el: HTMLElement) {
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}

/** For a short while after focus went back to `el`: if `el` leaves the page holding focus, focus `instead()`. */
function whenReplaced(el: HTMLElement, instead: () => HTMLElement | undefined) {
  const lost = () => !document.activeElement || document.activeElement === document.body;
  const stop = () => {
    observer.disconnect();
    document.removeEventListener('focusin', onFocus);
    clearTimeout(timer);
  };
  const observer = new MutationObserver(() => {
    if (el.isConnected) return;
    stop();
    const next = lost() ? instead() : undefined;
    if (next) focusOn(next);
  });
  const onFocus = (e: FocusEvent) => e.target !== el && stop(); // the user moved on
  const timer = setTimeout(stop, 3000);
  observer.observe(document.body, { childList: true, subtree: true });
  document.addEventListener('focusin', onFocus);
}
