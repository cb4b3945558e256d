// How a scan result names where a copy is (path:line from the folder chosen, the commit for history) and
// what an unknown key is (its service, else its platform). Names and places only.
import type { ScanPlace } from '../../../../src-main/contract/scan';
import type { PlatformId } from '../../../../src-main/contract/keys';
import { PLATFORM_LABEL } from '../../lib/platforms';
import { shownPath, visibleName } from './format';
import { placeLine } from '../../api/messages';

export const platformLabel = (p: string) => PLATFORM_LABEL[p as PlatformId] ?? p;

/** The services the import detector knows (src-main/core/transfer/import/detect-rules.ts), as they write themselves. */
const SERVICE_LABEL: Record<string, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  stripe: 'Stripe',
  aws: 'AWS',
  slack: 'Slack',
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  google: 'Google',
  sendgrid: 'SendGrid',
  npm: 'npm',
};
/** Where an unknown key belongs: the service it is of, else the platform its format names. */
export const detectedLabel = (u: { platform: string; service?: string | undefined }) =>
  u.service ? (SERVICE_LABEL[u.service] ?? u.service) : platformLabel(u.platform);

export function Places({ places, folder }: { places: ScanPlace[]; folder: string | null }) {
  return (
    <ul className="scan-places">
      {places.map((p) => (
        <li key={`${p.path}:${p.line}:${p.commit ?? ''}`}>
          <bdi className="mono" dir="ltr" title={visibleName(p.path)}>
            {shownPath(p.path, folder)}
            {placeLine(p.line)}
          </bdi>
          {p.commit ? (
            <span className="faint">
              {' '}
              · in commit <span className="mono">{p.commit.slice(0, 12)}</span>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
