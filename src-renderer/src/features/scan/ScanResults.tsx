// A finished scan: the stored keys found in plaintext, each with every place (path:line, and the commit for
// a copy in git history), then the key-shaped values the vault does not hold, apart. Names and places only.
import type { ScanResult } from '../../../../src-main/contract/scan';
import { plural } from '../../api/messages';
import { Icon } from '../../components/Icon';
import { useKeys } from '../../stores/keys.store';
import { useScan } from '../../stores/scan.store';
import { useSession } from '../../stores/session.store';
import { formatSize } from './format';
import { Places, platformLabel } from './Places';
import { UnknownKeys } from './UnknownKeys';

function summary(r: ScanResult): string {
  const read = `Read ${plural(r.files, 'file')} (${formatSize(r.bytes)})${r.commits > 0 ? ` and ${plural(r.commits, 'commit')}` : ''}`;
  const skipped = r.skipped > 0 ? `; ${plural(r.skipped, 'file')} skipped (too large, unreadable or a link)` : '';
  return `${read}${skipped}.`;
}

export function ScanResults({ result, folder }: { result: ScanResult; folder: string | null }) {
  const openKey = useKeys((s) => s.open);
  const clearFilters = useKeys((s) => s.clearFilters);
  const setView = useSession((s) => s.setView);
  const close = useScan((s) => s.close);
  const nothing = result.keys.length === 0 && result.unknown.length === 0;
  // The key's row is shown and selected beside its detail: a search or filter that would hide it is cleared.
  const show = (keyId: string) => {
    close();
    setView('inventory');
    clearFilters();
    openKey(keyId);
  };
  return (
    // Focusable, so that a long list scrolls from the keyboard too.
    <div className="scan-results" data-testid="scan-results" role="region" aria-label="Scan results" tabIndex={0}>
      <p className="muted small">{summary(result)}</p>
      {nothing ? (
        <p className="scan-clean" role="status">
          <Icon name="check" /> No copy of a key in your vault, and no other key, was found in plaintext.
        </p>
      ) : null}
      {result.keys.length > 0 ? (
        <section aria-labelledby="scan-stored">
          <h3 id="scan-stored">
            {plural(result.keys.length, 'key from your vault', 'keys from your vault')} found in plaintext
          </h3>
          <p className="muted small">
            {result.recorded === null
              ? 'The vault is open read-only, so these places were not recorded on the keys.'
              : 'Each place is recorded on its key and raises an act-now alert until a later scan no longer finds it. Remove the copy, then rotate the key: anyone who read that file may have it.'}
          </p>
          <ul className="scan-groups" data-testid="scan-stored">
            {result.keys.map((k) => (
              <li key={k.keyId} className="scan-group" aria-label={k.keyName}>
                <div className="scan-group-head">
                  <button type="button" className="link-button" onClick={() => show(k.keyId)}>
                    {k.keyName}
                  </button>
                  <span className="chip">{platformLabel(k.platform)}</span>
                  <span className="faint small">{plural(k.places.length, 'place')}</span>
                </div>
                <Places places={k.places} folder={folder} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.unknown.length > 0 ? (
        <UnknownKeys unknown={result.unknown} folder={folder} canImport={result.recorded !== null} onOpen={show} />
      ) : null}
      {result.placesLeftOut > 0 ? (
        <p className="muted small">
          {plural(result.placesLeftOut, 'more place')} not listed (at most 50 are listed for each key).
        </p>
      ) : null}
    </div>
  );
}
