// A modal dialog on the native <dialog> element. It opens with focus on its first field (or its primary action when
// it has none), keeps Tab inside it, closes on Esc when it is the topmost layer, and gives focus back to what opened
// it (src-renderer/src/lib/focus.ts).
import { useEffect, useRef, type ReactNode } from 'react';
import { initialFocus, isTopLayer, trapTab, useLayer } from '../lib/focus';
import { Icon } from './Icon';

type Props = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  width?: 'narrow' | 'wide' | 'full';
  /** Where focus goes on close when what opened the dialog is gone. */
  returnFocus?: () => HTMLElement | null;
};

export function Dialog({ title, onClose, children, footer, width = 'narrow', returnFocus }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const layer = useLayer(ref, onClose, returnFocus);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    if (d && body.current) initialFocus(d, body.current).focus();
    return () => d?.close();
  }, []);
  // A step that replaced the focused control (a wizard moving on) leaves focus on nothing: put it on the new step.
  // Asked once focus has settled: a field that checks itself on blur re-renders while Tab is between two fields,
  // with focus briefly on the page body, and pulling it back then would send Tab to the first field again.
  useEffect(() => {
    const lost = () => {
      const d = ref.current;
      if (!d?.open || !body.current || !isTopLayer(layer.current)) return false;
      return !d.contains(document.activeElement) || document.activeElement === d;
    };
    if (!lost()) return;
    const timer = setTimeout(() => {
      if (lost() && ref.current && body.current) initialFocus(ref.current, body.current).focus();
    }, 0);
    return () => clearTimeout(timer);
  });
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${width}`}
      aria-label={title}
      onCancel={(e) => e.preventDefault() /* Esc is handled by the layer stack: the topmost layer only */}
      onKeyDown={(e) => ref.current && trapTab(e, ref.current)}
    >
      <header className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog-body" ref={body}>
        {children}
      </div>
      {footer ? <footer className="dialog-footer">{footer}</footer> : null}
    </dialog>
  );
}
