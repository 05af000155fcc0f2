/**
 * The operator CLI's terms commands: validate (field errors exactly as parseTermsProfile words
 * them, exit 1), add (immutable versions, no preset ids), list (presets and stored, with
 * versions) and show (a preset or a stored version as JSON).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/context.js';
import { createProgram } from '../../cli/program.js';
import { parseTermsProfile, type TermsProfile } from '../../domain/index.js';
import { stack, stackClients } from '../support/stack.js';

const example = JSON.parse(readFileSync(new URL('../../docs/examples/terms-profile.json', import.meta.url), 'utf8')) as TermsProfile;
const dir = mkdtempSync(join(tmpdir(), 'looptijd-terms-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('looptijd terms', () => {
  const clients = stackClients();
  afterAll(() => clients.destroy());
  const id = `acme-cli-${randomUUID().slice(0, 8)}`;

  async function cli(...args: string[]): Promise<{ out: string; err: string; error: Error | null }> {
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = {
      clients, tableName: stack().tableName, apiUrl: 'http://127.0.0.1:9', queueUrl: async () => '', now: async () => new Date().toISOString(), close: () => undefined,
    };
    const program = createProgram(() => context, { out: (t) => out.push(t), err: (t) => err.push(t), throwOnError: true });
    let error: Error | null = null;
    try {
      await program.parseAsync(['node', 'looptijd', ...args]);
    } catch (e) {
      error = e as Error;
    }
    return { out: out.join('\n'), err: err.join('\n'), error };
  }

  it('validate: the example is valid; a broken profile prints parseTermsProfile\'s lines and exits 1', async () => {
    expect((await cli('terms', 'validate', 'docs/examples/terms-profile.json')).out).toBe('docs/examples/terms-profile.json: valid terms profile acme-managed-it@1');
    const { paymentTermDays: _, ...missing } = example;
    const broken = { ...missing, vatBp: '21%', minimumTermMonths: 0, endAlignment: 'termEnd', renewalForBusiness: { kind: 'indefinite' } };
    const path = file('broken.json', broken);
    const r = await cli('terms', 'validate', path);
    const expected = parseTermsProfile(broken);
    expect(expected.ok).toBe(false);
    expect(r.err.split('\n')).toEqual(expected.ok ? [] : expected.errors);
    expect(r.err).toContain('vatBp: Invalid input: expected number, received string');
    expect(r.err).toContain('paymentTermDays: Invalid input: expected number, received undefined');
    expect(r.error?.message).toMatch(/not a valid terms profile \(2 errors\)/);
    expect((await cli('terms', 'validate', file('cross.json', { ...example, minimumTermMonths: 0, endAlignment: 'termEnd', renewalForBusiness: { kind: 'indefinite' } }))).err)
      .toBe('endAlignment: termEnd alignment needs a minimumTermMonths above 0');
    expect((await cli('terms', 'validate', file('nojson.json', '{ nope'))).error?.message).toMatch(/not valid JSON/);
  });

  it('the real binary exits 1 on an invalid profile, with the field lines on stderr', async () => {
    const path = file('bad-type.json', { ...example, noticePeriodMonths: 'one' });
    const run = promisify(execFile)('npx', ['tsx', 'cli/index.ts', 'terms', 'validate', path], { cwd: process.cwd(), timeout: 60_000 });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('noticePeriodMonths: Invalid input: expected number, received string') });
  });

  it('add, list, show: immutable versions, presets listed beside stored profiles', async () => {
    const v1 = file('v1.json', { ...example, id });
    expect((await cli('terms', 'add', v1)).out).toMatch(new RegExp(`stored terms profile ${id}@1`));
    expect((await cli('terms', 'add', v1)).error?.message).toMatch(new RegExp(`${id}@1 exists and versions are immutable; store the change as version 2`));
    expect((await cli('terms', 'add', file('v2.json', { ...example, id, version: 2, name: 'ACME 2027' }))).out).toMatch(new RegExp(`${id}@2`));
    expect((await cli('terms', 'add', file('preset.json', { ...example, id: 'totaldesk' }))).error?.message).toMatch(/totaldesk is a preset id/);
    const invalid = await cli('terms', 'add', file('invalid.json', { ...example, id, version: 3, vatBp: -1 }));
    expect(invalid.err).toBe('vatBp: Too small: expected number to be >=0');
    expect(invalid.error).toBeInstanceOf(Error);

    const list = (await cli('terms', 'list')).out;
    for (const preset of ['total-progress', 'totaldesk', 'computerstudent']) expect(list).toMatch(new RegExp(`${preset}\\s+│ preset\\s+│ 1 `));
    expect(list).toMatch(new RegExp(`${id}\\s+│ stored\\s+│ 1, 2\\s+│ ACME 2027`));

    expect(JSON.parse((await cli('terms', 'show', id)).out)).toMatchObject({ id, version: 2, name: 'ACME 2027' });
    expect(JSON.parse((await cli('terms', 'show', id, '--version', '1')).out)).toMatchObject({ id, version: 1, name: example.name });
    expect(JSON.parse((await cli('terms', 'show', 'totaldesk')).out)).toMatchObject({ id: 'totaldesk', seed: '001' });
    expect((await cli('terms', 'show', id, '--version', '9')).error?.message).toMatch(new RegExp(`no terms profile ${id}@9`));
  });
});
