import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_REGION } from '../infra/definitions.js';
import type { LocalEndpoints } from './stack.js';

/** SDK v3 clients pointed at the local stand-ins. */
export interface LocalClients {
  dynamodb: DynamoDBClient;
  /** lib-dynamodb over `dynamodb`; drops `undefined` attributes instead of throwing. */
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  ses: SESv2Client;
  /** Closes the clients' sockets. */
  destroy(): void;
}

export interface LocalClientOptions {
  region?: string;
  /** The local SES never answers operations it does not implement. Default 5 s. */
  sesRequestTimeoutMs?: number;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Builds one set of clients for the given endpoints, with dummy credentials. */
export function createLocalClients(endpoints: LocalEndpoints, options: LocalClientOptions = {}): LocalClients {
  const common = { region: options.region ?? DEFAULT_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const doc = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const sqs = new SQSClient({ ...common, endpoint: endpoints.sqs });
  const ses = new SESv2Client({
    ...common,
    endpoint: endpoints.ses,
    // A timed-out request would only time out again: no retries.
    maxAttempts: 1,
    requestHandler: { requestTimeout: options.sesRequestTimeoutMs ?? 5_000, connectionTimeout: 1_000 },
  });
  return {
    dynamodb,
    doc,
    sqs,
    ses,
    destroy() {
      doc.destroy();
      dynamodb.destroy();
      sqs.destroy();
      ses.destroy();
    },
  };
}
