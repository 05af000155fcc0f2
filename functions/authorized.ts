/** The API key's owner as the API Gateway authorizer (functions/api-authorizer.ts) resolved it, for the API functions behind it. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export type KeyOwner = { resellerId: string; keyHash: string };

/** The authorizer's answer in the event, or null (no authorizer: `npm start`, tests). */
export function authorizedBy(event: APIGatewayProxyEventV2): KeyOwner | null {
  const lambda = (event.requestContext as { authorizer?: { lambda?: Partial<KeyOwner> } }).authorizer?.lambda;
  return typeof lambda?.resellerId === 'string' && typeof lambda.keyHash === 'string' ? { resellerId: lambda.resellerId, keyHash: lambda.keyHash } : null;
}
