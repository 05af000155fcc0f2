/**
 * The repository's documents stand on their own: README.md, docs/ and the CLI's help texts
 * point to the event contract (docs/events.md) and the rulebook (docs/rules.md) in the repository,
 * never to the developers' specifications outside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../docs/build.js';

const OUTSIDE = /\.\.\/shared|shared\/spec|RULES\.md|CONTRACT\.md/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no reference to files outside the repository', () => {
  const files = [join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs')), ...filesUnder(join(ROOT, 'cli'))];
  it('README.md, docs/ and cli/ name neither ../shared, RULES.md nor CONTRACT.md', () => {
    const found = files.flatMap((file) => readFileSync(file, 'utf8').split('\n')
      .map((line, i) => ({ at: `${file.slice(ROOT.length + 1)}:${i + 1}`, line }))
      .filter(({ line }) => OUTSIDE.test(line)));
    expect(found).toEqual([]);
  });
});
