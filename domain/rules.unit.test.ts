/**
 * The rule registry (domain/rules.ts) is the project's copy of the rulebook: every rule id the
 * code and its documentation name exists in it, and, where the developers' own copy of the
 * rulebook is at hand (LOOPTIJD_RULEBOOK, or beside the repository), it still matches it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_ID_LIST } from './rule-ids.js';
import { RULEBOOK, RULES, RULE_IDS } from './rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rulebook = process.env.LOOPTIJD_RULEBOOK ?? join(root, '..', 'shared', 'spec', 'RULES.md');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.') || name === 'cdk.out') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|md)$/.test(name) ? [path] : [];
  });
}

/** Every `R-…-NN` mention with the file it is in. */
function mentions(files: string[]): { id: string; file: string }[] {
  return files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bR-[A-Z]+-\d+\b/g)].map((m) => ({ id: m[0], file: file.slice(root.length + 1) })));
}

/** The rule rows of the rulebook: `| R-… | text |` or `| R-… | text | source |`, under their `## N. Section`. */
function parseRulebook(md: string): { id: string; section: string; text: string; source: string | null }[] {
  let section = '';
  const out: { id: string; section: string; text: string; source: string | null }[] = [];
  for (const line of md.split('\n')) {
    const h = /^## (?:\d+\. )?(.*)$/.exec(line);
    if (h) section = h[1]!.trim();
    const m = /^\| (R-[A-Z]+-\d+) \|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const [text, source] = m[2]!.split(' | ').map((c) => c.trim());
    out.push({ id: m[1]!, section, text: text!, source: source ?? null });
  }
  return out;
}

describe('the rule registry', () => {
  it('names each rule once', () => {
    expect(RULE_IDS.size).toBe(RULES.length);
  });

  it('has the same ids, in the same order, as the id list the bundles carry (rule-ids.ts)', () => {
    expect(RULES.map((r) => r.id)).toEqual([...RULE_ID_LIST]);
  });

  it('holds every rule id the domain code names', () => {
    const unknown = mentions(filesUnder(join(root, 'domain'))).filter((m) => !RULE_IDS.has(m.id));
    expect(unknown).toEqual([]);
  });

  it('holds every rule id the rest of the repository names (code, tests, docs)', () => {
    const dirs = ['app', 'api', 'adapters', 'functions', 'cli', 'local', 'test', 'docs', 'bench', 'infra'].map((d) => join(root, d)).filter(existsSync);
    const unknown = mentions([...dirs.flatMap(filesUnder), join(root, 'README.md')].filter(existsSync)).filter((m) => !RULE_IDS.has(m.id));
    expect(unknown).toEqual([]);
  });

  it.runIf(existsSync(rulebook))('matches the developers\' rulebook (ids, sections, texts and sources); rules the issues added come after it', () => {
    expect(RULEBOOK.map(({ id, section, text, source }) => ({ id, section, text, source }))).toEqual(parseRulebook(readFileSync(rulebook, 'utf8')));
  });
});
