/**
 * Provider terms profiles in the table (docs/dynamodb.md): one item per version, pk `TERMS#<id>`,
 * sk `V#<version, 6 digits>`, the profile as JSON. Versions are immutable — a subscription is
 * pinned to `id@version`, so a change is a new version — and ids never shadow a preset. All
 * profiles are listed through the sparse `byTerms` keys `termsPk = TERMSPROFILE`,
 * `termsSk = <id>#V#<nnnnnn>` (apart from the subscriptions' `TERMS#<id>` partitions).
 *
 * `cachedTermsCatalog` is the catalog the handlers use: presets plus stored profiles, loaded on
 * first use and reloaded at most every `maxAgeSeconds`.
 */
import { BatchGetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { catalogOf, parseTermsProfile, PRESETS, PRESET_IDS, type TermsCatalog, type TermsProfile } from '../domain/index.js';
import type { TermsCatalogProvider } from '../app/ports.js';
import { TABLE } from '../infra/definitions.js';
import { CodedError, type ErrorCode } from '../domain/errors.js';
import { translate } from './errors.js';

export const TERMS_LIST_PK = 'TERMSPROFILE';
/** How long the handlers' catalog is reused before it is reloaded, in AWS. */
export const TERMS_CACHE_SECONDS = 60;

export const termsPk = (id: string): string => `TERMS#${id}`;
export const versionSk = (version: number): string => `V#${String(version).padStart(6, '0')}`;

export type TermsStoreErrorCode = Extract<ErrorCode, 'terms.invalid' | 'terms.preset' | 'terms.version_exists'>;

/** A profile the store refuses; `errors` are parseTermsProfile's `field: why` lines. */
export class TermsStoreError extends CodedError<TermsStoreErrorCode> {
  override readonly name = 'TermsStoreError';
  constructor(code: TermsStoreErrorCode, message: string, readonly errors: readonly string[] = []) {
    super(code, message);
  }
}

export interface StoredTerms {
  readonly profile: TermsProfile;
  readonly createdAt: string;
}

export class TermsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly wallClock: () => Date = () => new Date(),
  ) {}

  /** Validates and stores a new version; never overwrites one. */
  async put(input: unknown): Promise<StoredTerms> {
    const parsed = parseTermsProfile(input);
    if (!parsed.ok) throw new TermsStoreError('terms.invalid', `invalid terms profile:\n${parsed.errors.map((e) => `  ${e}`).join('\n')}`, parsed.errors);
    const profile = parsed.profile;
    if (PRESET_IDS.includes(profile.id)) {
      throw new TermsStoreError('terms.preset', `${profile.id} is a preset id; give the provider profile an id of its own`);
    }
    const createdAt = this.wallClock().toISOString();
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: termsPk(profile.id), sk: versionSk(profile.version), itemType: 'TERMS',
          termsId: profile.id, version: profile.version, name: profile.name, profile: JSON.stringify(profile), createdAt,
          [TABLE.indexes.byTerms.partitionKey.name]: TERMS_LIST_PK,
          [TABLE.indexes.byTerms.sortKey.name]: `${profile.id}#${versionSk(profile.version)}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'ConditionalCheckFailedException') {
        const latest = (await this.versions(profile.id)).at(-1)?.profile.version ?? profile.version;
        throw new TermsStoreError('terms.version_exists', `${profile.id}@${profile.version} exists and versions are immutable; store the change as version ${latest + 1}`);
      }
      throw translate(error, 'store.unavailable', `put terms ${profile.id}@${profile.version}`);
    }
    return { profile, createdAt };
  }

  /** One version, or the latest when no version is given; null when there is none. */
  async get(id: string, version?: number): Promise<StoredTerms | null> {
    const versions = await this.versions(id);
    return (version === undefined ? versions.at(-1) : versions.find((v) => v.profile.version === version)) ?? null;
  }

  /** Every version of one profile, oldest first (a consistent read of its partition). */
  async versions(id: string): Promise<StoredTerms[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const r = await this.doc.send(new QueryCommand({
          TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: start,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)', ExpressionAttributeValues: { ':pk': termsPk(id), ':v': 'V#' },
        }));
        items.push(...(r.Items ?? []));
        start = r.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw translate(error, 'store.unavailable', `read terms ${id}`);
    }
    return items.flatMap(toStored);
  }

  /** Every stored version of every profile, by id then version. */
  async list(): Promise<StoredTerms[]> {
    const keys: Record<string, unknown>[] = [];
    const index = TABLE.indexes.byTerms;
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const r = await this.doc.send(new QueryCommand({
          TableName: this.tableName, IndexName: index.name, ExclusiveStartKey: start,
          KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': index.partitionKey.name }, ExpressionAttributeValues: { ':pk': TERMS_LIST_PK },
        }));
        keys.push(...(r.Items ?? []).map((i) => ({ pk: i['pk'], sk: i['sk'] })));
        start = r.LastEvaluatedKey;
      } while (start);
      const items: Record<string, unknown>[] = [];
      for (let i = 0; i < keys.length; i += 100) {
        let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
        for (let round = 0; pending && pending.length > 0; round++) {
          if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** round)));
          const r = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
          items.push(...(r.Responses?.[this.tableName] ?? []));
          pending = r.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
        }
      }
      return items.flatMap(toStored).sort((a, b) => (a.profile.id < b.profile.id ? -1 : a.profile.id > b.profile.id ? 1 : a.profile.version - b.profile.version));
    } catch (error) {
      throw translate(error, 'store.unavailable', 'list terms');
    }
  }
}

/** A stored item back to a profile; an item that no longer validates is left out, not fatal. */
function toStored(item: Record<string, unknown>): StoredTerms[] {
  if (typeof item['profile'] !== 'string') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(item['profile']);
  } catch {
    return [];
  }
  const parsed = parseTermsProfile(raw);
  return parsed.ok ? [{ profile: parsed.profile, createdAt: String(item['createdAt'] ?? '') }] : [];
}

/**
 * Presets plus stored profiles. Also a synchronous TermsCatalog over the last loaded snapshot
 * (presets only before the first load), so code holding `deps.catalog` sees what `current()` loaded.
 */
export class CachedTermsCatalog implements TermsCatalog, TermsCatalogProvider {
  private snapshot: TermsCatalog = catalogOf(PRESETS);
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<TermsCatalog> | null = null;

  constructor(
    private readonly store: Pick<TermsStore, 'list'>,
    private readonly options: { maxAgeSeconds: number; now?: () => number } = { maxAgeSeconds: TERMS_CACHE_SECONDS },
  ) {}

  get(id: string, version?: number): TermsProfile | undefined {
    return this.snapshot.get(id, version);
  }

  latest(id: string): TermsProfile | undefined {
    return this.snapshot.latest(id);
  }

  async current(): Promise<TermsCatalog> {
    if (this.clock() - this.loadedAt < this.options.maxAgeSeconds * 1000) return this;
    return this.refresh();
  }

  refresh(): Promise<TermsCatalog> {
    this.loading ??= (async () => {
      try {
        const started = this.clock();
        const stored = await this.store.list();
        // A stored profile never shadows a preset (put refuses it; this guards older items).
        this.snapshot = catalogOf([...PRESETS, ...stored.map((s) => s.profile).filter((p) => !PRESET_IDS.includes(p.id))]);
        this.loadedAt = started;
        return this;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private clock(): number {
    return (this.options.now ?? Date.now)();
  }
}
