/**
 * Accessibility checks for the e2e specs: an axe-core scan against WCAG 2.1
 * A and AA (the standard UK public sector bodies are held to), failing on
 * any violation (none is excluded: AG Grid Community's markup passes too).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import type { Result } from 'axe-core';
import { expect } from './fixtures';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Violations of one scan (of the page, or the part `include` selects). */
export async function axeViolations(page: Page, options: { include?: string } = {}): Promise<Result[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (options.include !== undefined) builder = builder.include(options.include);
  return (await builder.analyze()).violations;
}

export function describeViolations(violations: readonly Result[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact ?? ''}]: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? v.help}`));
}

/** Scans the page (or the part `include` selects) and fails, listing each violation, if any remain. */
export async function expectNoAxeViolations(
  page: Page,
  testInfo: TestInfo,
  screen: string,
  options: { include?: string } = {},
): Promise<void> {
  const violations = await axeViolations(page, options);
  const lines = describeViolations(violations);
  await testInfo.attach(`axe-${screen}`, { body: lines.join('\n') || 'no violations', contentType: 'text/plain' });
  expect(lines, `axe (WCAG 2.1 AA) violations on ${screen}`).toEqual([]);
}
