/**
 * The catalog `decide` and the views need, loaded before they run (the domain's TermsCatalog is
 * synchronous). Pinned versions are immutable, so a cached catalog that has them is never stale
 * for them; only a new subscription on a provider profile asks for the latest version, and that
 * is reloaded at most every N seconds (the provider's max age) — or at once when it is unknown.
 */
import { PRESET_IDS, type Account, type IncomingEvent, type TermsCatalog } from '../domain/index.js';
import type { Deps } from './ports.js';

export async function catalogFor(
  deps: Pick<Deps, 'catalog' | 'catalogProvider'>,
  accounts: ReadonlyArray<Account | null | undefined>,
  event?: IncomingEvent,
): Promise<TermsCatalog> {
  const provider = deps.catalogProvider;
  if (!provider) return deps.catalog;
  if (event?.type === 'subscription.created' && !PRESET_IDS.includes(event.data.termsId)) {
    const catalog = await provider.current();
    return catalog.latest(event.data.termsId) ? catalog : provider.refresh();
  }
  const pinned = accounts.flatMap((a) => Object.values(a?.subscriptions ?? {}));
  return pinned.every((s) => deps.catalog.get(s.termsId, s.termsVersion)) ? deps.catalog : provider.refresh();
}
