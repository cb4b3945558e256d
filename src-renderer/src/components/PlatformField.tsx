// The labelled platform picker shared by the add, create and platform-account forms.
import type { PlatformId } from '../../../src-main/contract/keys';
import { PLATFORM_LABEL } from '../lib/platforms';

export function PlatformField(props: {
  value: PlatformId;
  choices: readonly PlatformId[];
  onChange: (platform: PlatformId) => void;
}) {
  return (
    <label className="field">
      <span>Platform</span>
      <select name="platform" value={props.value} onChange={(e) => props.onChange(e.target.value as PlatformId)}>
        {props.choices.map((p) => (
          <option key={p} value={p}>
            {PLATFORM_LABEL[p]}
          </option>
        ))}
      </select>
    </label>
  );
}
