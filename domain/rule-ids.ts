/**
 * The rule ids alone, without their texts: what the codec and the trail need to check a stored
 * `rule` field, so a function bundle does not carry the whole rulebook (domain/rules.ts, ~20 KB of
 * text). `rules.unit.test.ts` proves this list and the registry's entries are the same ids in the
 * same order.
 */
export const RULE_ID_LIST = [
  'R-TIME-01', 'R-TIME-02', 'R-TIME-03', 'R-TIME-04', 'R-MONEY-01', 'R-MONEY-02', 'R-START-01',
  'R-START-02', 'R-TERM-01', 'R-RENEW-01', 'R-RENEW-02', 'R-RENEW-03', 'R-NOTICE-01', 'R-NOTICE-02',
  'R-NOTICE-03', 'R-NOTICE-04', 'R-NOTICE-05', 'R-NOTICE-06', 'R-EARLY-01', 'R-PAY-01', 'R-PAY-02',
  'R-PAY-03', 'R-PAY-04', 'R-PAY-05', 'R-DUN-01', 'R-DUN-02', 'R-DUN-03', 'R-DUN-04', 'R-SUSP-01',
  'R-SUSP-02', 'R-SUSP-03', 'R-SUSP-04', 'R-SUSP-05', 'R-REACT-01', 'R-REACT-02', 'R-REACT-03',
  'R-DISS-01', 'R-DISS-02', 'R-DISS-03', 'R-DISS-04', 'R-PRICE-01', 'R-PRICE-02', 'R-PRICE-03',
  'R-DATA-01', 'R-DATA-02', 'R-DATA-03', 'R-DATA-04', 'R-DATA-05', 'R-LAW-01', 'R-LAW-02',
  'R-LAW-03', 'R-LAW-04', 'R-BILL-01', 'R-BILL-02', 'R-BILL-03', 'R-INV-01', 'R-INV-02', 'R-INV-03',
  'R-CREDIT-01', 'R-CREDIT-02', 'R-CREDIT-03'
] as const;

/** A rule id of the rulebook (`R-SUSP-01`): the type of every `rule` field in the domain. */
export type RuleId = (typeof RULE_ID_LIST)[number];

const RULE_IDS: ReadonlySet<string> = new Set(RULE_ID_LIST);

export function isRuleId(s: string): s is RuleId {
  return RULE_IDS.has(s);
}
