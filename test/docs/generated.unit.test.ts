/**
 * The generated documents (docs/build.ts: docs/rules.md, docs/events.md, docs/schemas/) are
 * committed so they read on GitHub; regenerated in memory here, they must equal what is committed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existingSchemaFiles, generateDocs, ROOT } from '../../docs/build.js';
import { anyEvent } from '../../domain/events.js';
import { PRESETS } from '../../domain/presets.js';
import { RULE_APPLIES, profilesUsing } from '../../domain/rule-usage.js';
import { RULES, type RuleEntry } from '../../domain/rules.js';
import type { RuleId } from '../../domain/rule-ids.js';

const files = generateDocs();

describe('the generated documents are the committed ones (no drift)', () => {
  it.each(Object.keys(files))('%s', (path) => {
    const committed = existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : null;
    expect(committed === files[path], `${path} differs from what docs/build.ts generates: run npm run docs`).toBe(true);
  });
  it('docs/schemas holds no file the generator no longer writes', () => {
    const stale = existingSchemaFiles().filter((f) => !(f in files));
    expect(stale, 'stale files in docs/schemas: run npm run docs').toEqual([]);
  });
});

describe('docs/rules.md', () => {
  const md = files['docs/rules.md']!;
  it('has a row for every rule of the registry, with its source article', () => {
    for (const rule of RULES as readonly RuleEntry[]) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${rule.id} |`));
      expect(row, rule.id).toBeDefined();
      if (rule.source) expect(row).toContain(rule.source.replace(/\|/g, '\\|'));
    }
  });
  it('R-SUSP-01 reads suspendWhen and applies under the profiles that suspend for arrears: totaldesk, into-telecom, total-progress', () => {
    const row = md.split('\n').find((l) => l.startsWith('| R-SUSP-01 |'))!;
    expect(row).toContain('`suspendWhen`');
    expect([...profilesUsing('R-SUSP-01', PRESETS) as string[]].sort()).toEqual(['into-telecom', 'total-progress', 'totaldesk']);
  });
  it('a rule whose profiles a parameter decides names that parameter among its params', () => {
    for (const id of Object.keys(RULE_APPLIES) as RuleId[]) {
      expect((RULES as readonly RuleEntry[]).find((r) => r.id === id)!.params?.length, id).toBeGreaterThan(0);
    }
  });
});

describe('docs/events.md and the JSON Schemas', () => {
  it('document every incoming event type, each with its schema file', () => {
    const md = files['docs/events.md']!;
    for (const option of anyEvent.options) {
      const type = option.shape.type.value;
      expect(md).toContain(`### ${type}\n`);
      const schema = JSON.parse(files[`docs/schemas/events/${type}.json`]!) as { properties: { type: { const: string } } };
      expect(schema.properties.type.const).toBe(type);
    }
  });
  it('the outbound webhook payload has its schema', () => {
    expect(JSON.parse(files['docs/schemas/webhook-payload.json']!)).toMatchObject({ type: 'object', required: expect.arrayContaining(['type', 'timestamp', 'data']) });
  });
});
