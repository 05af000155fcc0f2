/**
 * Runs a layout precompiled by Eta (compiled.gen.ts) with the runtime Eta's compiled functions
 * expect as `this`: the escape and filter functions, and no includes or partials.
 */
import type { Block } from './letter.js';

/** What a layout renders: one letter, framed. */
export interface LayoutData {
  readonly lang: string;
  readonly subject: string;
  readonly greeting: string;
  readonly blocks: readonly Block[];
  readonly closing: string;
  readonly signature: string;
}

export type Layout = (this: LayoutRuntime, it: LayoutData, options?: unknown) => string;

interface LayoutRuntime {
  readonly config: { readonly escapeFunction: (s: unknown) => string; readonly filterFunction: (s: unknown) => string };
  render(): never;
  renderAsync(): never;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Eta's own XML escape (the same five characters). */
export const escapeHtml = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const RUNTIME: LayoutRuntime = {
  config: { escapeFunction: escapeHtml, filterFunction: (s) => String(s) },
  render: () => {
    throw new Error('e-mail layouts have no includes');
  },
  renderAsync: () => {
    throw new Error('e-mail layouts have no includes');
  },
};

export const runLayout = (layout: Layout, data: LayoutData): string => layout.call(RUNTIME, data);
