// The master-password input, the same on every screen that asks for it (create, unlock,
// re-entry before a sensitive export). SECURITY: never echoed, never stored in a store.
import type { ReactNode, Ref } from 'react';

export function MasterPasswordField({
  label = 'Master password',
  value,
  onChange,
  isNew = false,
  isWrong,
  isBusy,
  describedBy,
  inputRef,
  children,
}: {
  label?: string;
  value: string;
  onChange: (value: string) => void;
  /** A password being chosen (the browser may offer to generate one), not one being entered. */
  isNew?: boolean;
  isWrong?: boolean;
  isBusy?: boolean;
  describedBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Help shown inside the label, below the input. */
  children?: ReactNode;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        ref={inputRef}
        type="password"
        autoFocus
        autoComplete={isNew ? 'new-password' : 'current-password'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={isWrong}
        aria-describedby={describedBy}
        disabled={isBusy}
      />
      {children}
    </label>
  );
}
