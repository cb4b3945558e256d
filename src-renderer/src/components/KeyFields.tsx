// Form fields shared by the add, create and rotate forms: the pasted secret and a
// platform's expiry choices. SECURITY: the secret field is a password input whose value
// is read once on submit and never put in a store.
import type { ReactNode } from 'react';

export function SecretField(props: {
  label: string;
  placeholder: string;
  invalid?: boolean;
  wide?: boolean;
  children?: ReactNode;
  onBlur?: () => void;
  onInput?: () => void;
  /** Ids of the notes that say what is wrong with it. */
  describedBy?: string | undefined;
}) {
  return (
    <label className={props.wide ? 'field span-2' : 'field'}>
      <span>{props.label}</span>
      <input
        name="secret"
        type="password"
        required
        autoComplete="off"
        spellCheck={false}
        placeholder={props.placeholder}
        {...(props.onBlur ? { onBlur: props.onBlur } : {})}
        {...(props.onInput ? { onInput: props.onInput } : {})}
        {...(props.invalid === undefined ? {} : { 'aria-invalid': props.invalid })}
        {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      />
      {props.children}
    </label>
  );
}

export type ExpiryChoices = { required: boolean; days: readonly number[]; note: string };

/** "Expires in N days" as the portal offers it; controlled when `value` is given. */
export function ExpiryChoiceField(props: {
  choices: ExpiryChoices;
  value?: string;
  onChange?: (value: string) => void;
  invalid?: boolean;
}) {
  const { choices } = props;
  const control =
    props.value === undefined
      ? { defaultValue: '' }
      : { value: props.value, onChange: (e: { target: { value: string } }) => props.onChange?.(e.target.value) };
  return (
    <label className="field">
      <span>Expires in{choices.required ? '' : ' (optional)'}</span>
      <select
        name="expiresInDays"
        required={choices.required}
        {...control}
        {...(props.invalid === undefined ? {} : { 'aria-invalid': props.invalid })}
      >
        <option value="">{choices.required ? 'Choose, as in the portal…' : 'No expiry'}</option>
        {choices.days.map((d) => (
          <option key={d} value={d}>
            {d} days
          </option>
        ))}
      </select>
      <small className="muted">{choices.note}</small>
    </label>
  );
}
