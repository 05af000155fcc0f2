/** The pure core of Looptijd: every rule of RULES.md lives behind these exports. */
export { decide, dueAt } from './decide.js';
export { forecast, tick } from './forecast.js';
export { quoteCancellation, type CancellationQuote } from './cancellation.js';
export { DomainError, CodedError, ERROR_CODES, classOf, isErrorCode, matchCode, type ErrorClass, type ErrorCode } from './errors.js';
export { missingRecords, restoreRecords, isEmpty as noRecords, HOT_PAYMENT_DAYS, type ArchivedRecords, type ArchivedInvoice, type ArchivedPayment, type RecordIds } from './archive.js';
export { arrears, outstanding, lateInterest } from './billing.js';
export * from './events.js';
export * from './terms.js';
export * from './types.js';
export { PRESETS, PRESET_IDS, presetCatalog } from './presets.js';
export { RULES, isRuleId, ruleOf, type RuleEntry } from './rules.js';
export { EVENT_TYPES } from './domain-events.js';
export { evolve, evolveAll } from './evolve.js';
export { replay } from './archive.js';
export { subscriptionsConcerned } from './trail.js';
export { EMAIL_TEMPLATES, type EmailTemplate } from './templates.js';
export { apiStatus, customerView, subscriptionView, invoiceView, invoiceStatus, arrearsOf, type ApiStatus } from './views.js';
export { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES, webhookEventsOf, isWebhookEventType, type WebhookEventType, type WebhookPayload, type WebhookCommon } from './webhook-events.js';
