/** docs/letters.md shows letters as the wording renders them now (npm run docs:letters rewrites them). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LETTERS_DOC, withRenderedSamples } from './letters-doc.js';

describe('docs/letters.md', () => {
  const page = readFileSync(LETTERS_DOC, 'utf8');

  it('has the rendered samples the wording gives today (no drift)', () => {
    expect(page).toBe(withRenderedSamples(page));
  });

  it('names every template the rules can send', async () => {
    const { EMAIL_TEMPLATES } = await import('../domain/templates.js');
    for (const t of EMAIL_TEMPLATES) expect(page, t).toContain(`\`${t}\``);
  });
});
