/**
 * Partner API keys (docs/dynamodb.md `APIKEY#<sha256>`): a key is shown once when created and
 * stored only as its SHA-256 hash, bound to exactly one reseller. Revoked keys stay listed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

const API_KEY_SK = 'APIKEY';
const apiKeyPk = (hash: string) => `APIKEY#${hash}`;

/** What a listing shows: never the key, only a short id derived from its hash. */
export interface ApiKeyRecord {
  /** First 12 hex characters of the hash: enough to name a key, useless to guess it. */
  readonly keyId: string;
  readonly resellerId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

const stored = z.object({
  pk: z.string(),
  keyId: z.string(),
  resellerId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullish(),
});

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: `lt_` and 32 random bytes, base64url. */
function generateApiKey(): string {
  return `lt_${randomBytes(32).toString('base64url')}`;
}

const toRecord = (item: z.infer<typeof stored>): ApiKeyRecord => ({
  keyId: item.keyId, resellerId: item.resellerId, name: item.name, createdAt: item.createdAt, revokedAt: item.revokedAt ?? null,
});

export class ApiKeys {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /**
   * Stores a key for a reseller and answers it once. `key` lets the local stack install its
   * well-known demo key (LOCAL_API_KEY); otherwise a random one is made. Idempotent for the
   * same key and reseller; a key bound to another reseller is refused.
   */
  async create(input: { resellerId: string; name?: string; key?: string }): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = input.key ?? generateApiKey();
    const hash = hashApiKey(key);
    const record: ApiKeyRecord = { keyId: hash.slice(0, 12), resellerId: input.resellerId, name: input.name ?? 'default', createdAt: this.now(), revokedAt: null };
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: { pk: apiKeyPk(hash), sk: API_KEY_SK, ...record },
        ConditionExpression: 'attribute_not_exists(pk) OR (resellerId = :r AND attribute_type(revokedAt, :null))',
        ExpressionAttributeValues: { ':r': input.resellerId, ':null': 'NULL' },
      }));
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new Error('this key already exists for another reseller or was revoked');
      }
      throw error;
    }
    return { key, record };
  }

  /** The reseller a presented key belongs to, or null when it is unknown or revoked. */
  async resolve(key: string): Promise<{ resellerId: string; keyHash: string } | null> {
    const hash = hashApiKey(key);
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: apiKeyPk(hash), sk: API_KEY_SK } }));
    const parsed = stored.safeParse(Item);
    if (!parsed.success || parsed.data.revokedAt) return null;
    return { resellerId: parsed.data.resellerId, keyHash: hash };
  }

  /** Every key (an operator's listing; a full scan of the key items only), optionally of one reseller. */
  async list(resellerId?: string): Promise<ApiKeyRecord[]> {
    const items = await this.scanAll(resellerId);
    return items.map(toRecord).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.keyId < b.keyId ? -1 : 1));
  }

  /** Revokes the key with this id (or the key itself); answers the record, or null when none matches. */
  async revoke(keyIdOrKey: string): Promise<ApiKeyRecord | null> {
    const match = /^[0-9a-f]{12}$/.test(keyIdOrKey) ? (await this.scanAll()).find((k) => k.keyId === keyIdOrKey) : undefined;
    const hash = match ? match.pk.slice('APIKEY#'.length) : hashApiKey(keyIdOrKey);
    try {
      const { Attributes } = await this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: apiKeyPk(hash), sk: API_KEY_SK },
        UpdateExpression: 'SET revokedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(revokedAt) OR attribute_type(revokedAt, :null))',
        ExpressionAttributeValues: { ':now': this.now(), ':null': 'NULL' },
        ReturnValues: 'ALL_NEW',
      }));
      const parsed = stored.safeParse(Attributes);
      return parsed.success ? toRecord(parsed.data) : null;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return null;
      throw error;
    }
  }

  private async scanAll(resellerId?: string): Promise<z.infer<typeof stored>[]> {
    const out: z.infer<typeof stored>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new ScanCommand({
        TableName: this.tableName,
        FilterExpression: resellerId ? 'sk = :sk AND resellerId = :r' : 'sk = :sk',
        ExpressionAttributeValues: resellerId ? { ':sk': API_KEY_SK, ':r': resellerId } : { ':sk': API_KEY_SK },
        ExclusiveStartKey: start,
      }));
      for (const item of page.Items ?? []) {
        const parsed = stored.safeParse(item);
        if (parsed.success) out.push(parsed.data);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
