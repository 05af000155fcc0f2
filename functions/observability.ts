/**
 * Logging, metrics and tracing around a handler, without touching what it does: a child logger
 * per handler instance (so concurrent handlers in one process, as locally, never share a Lambda
 * context), and in AWS the Powertools Metrics and Tracer middlewares plus counters read off the
 * ports (decisions saved, e-mails sent). Locally there is no `telemetry`: logs only.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Deps } from './deps.js';

/** What AWS adds (functions/aws-deps.ts): metrics sink and the metrics/tracer middlewares. */
export interface Telemetry {
  readonly metrics: Metrics;
  readonly middlewares: readonly MiddlewareObj[];
}

export interface Observed {
  readonly deps: Deps;
  readonly logger: Logger;
  readonly middlewares: MiddlewareObj[];
}

/** The deps a handler instance runs with, and the middlewares to `.use()` on it. */
export function observe(deps: Deps, service: string, telemetry?: Telemetry): Observed {
  const logger = deps.logger.createChild({ serviceName: service });
  const middlewares: MiddlewareObj[] = [injectLambdaContext(logger, { resetKeys: true })];
  if (telemetry === undefined) return { deps: { ...deps, logger }, logger, middlewares };
  middlewares.push(...telemetry.middlewares);
  return { deps: { ...deps, logger, store: countedStore(deps.store, telemetry.metrics), mailer: countedMailer(deps.mailer, telemetry.metrics) }, logger, middlewares };
}

/** EventsDecided by event type and outcome, Refusals by rule: read off each decision as it is saved. */
export function countedStore(store: Deps['store'], metrics: Metrics): Deps['store'] {
  return {
    load: (customerId, event) => store.load(customerId, event),
    customerIdOf: (event) => store.customerIdOf(event),
    knownSeriesLast: (seriesId) => store.knownSeriesLast(seriesId),
    readSeriesLast: (seriesId) => store.readSeriesLast(seriesId),
    isProcessed: (customerId, eventId) => store.isProcessed(customerId, eventId),
    async save(input) {
      await store.save(input);
      const decided = metrics.singleMetric();
      decided.addDimensions({ type: input.event.type, outcome: input.decision.outcome });
      decided.addMetric('EventsDecided', 'Count', 1);
      if (input.decision.refusal !== null) {
        const refused = metrics.singleMetric();
        refused.addDimension('rule', input.decision.refusal.rule);
        refused.addMetric('Refusals', 'Count', 1);
      }
    },
  };
}

/** EmailsSent, and EmailsSuppressed when the suppression list stopped one (adapters/email-suppressions.ts). */
export function countedMailer(mailer: Deps['mailer'], metrics: Metrics): Deps['mailer'] {
  return {
    async send(message) {
      const result = await mailer.send(message);
      metrics.addMetric(result.messageId.startsWith('suppressed:') ? 'EmailsSuppressed' : 'EmailsSent', 'Count', 1);
      return result;
    },
  };
}
