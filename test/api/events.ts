/** API Gateway HTTP API (payload v2) events for calling handlers directly in tests. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function v2event(method: string, rawPath: string, options: { query?: string; headers?: Record<string, string>; body?: string } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: options.query ?? '',
    headers: options.headers ?? {},
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000', apiId: 'test', domainName: 'localhost', domainPrefix: 'localhost', requestId: 'req', routeKey: '$default', stage: '$default',
      time: '', timeEpoch: 0, http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    },
  };
}
