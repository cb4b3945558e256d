// One filter of a filter bar: a labelled select whose first option means "no filter". The
// inventory's and the Alerts screen's bars share it, so every filter reads and behaves alike.
type Props<V extends string> = {
  label: string;
  value: V | '';
  /** The first option's text, the no-filter choice ("All platforms"). */
  all: string;
  options: readonly (readonly [value: V, text: string])[];
  onChange: (value: V | '') => void;
};

export function FilterSelect<V extends string>({ label, value, all, options, onChange }: Props<V>) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
      <option value="">{all}</option>
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  );
}
