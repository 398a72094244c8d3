/**
 * Accessibility checks for the e2e specs: an axe-core scan against WCAG 2.1
 * A and AA (the standard UK public sector bodies are held to), failing on
 * any violation not excluded here with a reason.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import type { Result } from 'axe-core';
import { expect } from './fixtures';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One rule on elements inside one selector, left out of the scan, with why. */
export interface AxeExclusion {
  rule: string;
  /** A node is excluded when it, or an ancestor, matches this. */
  within: string;
  reason: string;
}

/**
 * Violations inside AG Grid Community's own markup that no grid option
 * changes (checked against ag-grid-community 36.2). Everything else in the
 * grid (its label, our header and cell renderers) is scanned.
 */
export const AG_GRID_EXCLUSIONS: readonly AxeExclusion[] = [];

/** Violations of one scan, less the excluded nodes; each as "rule: target (summary)" for a readable failure. */
export async function axeViolations(page: Page, options: { include?: string; exclusions?: readonly AxeExclusion[] } = {}): Promise<Result[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (options.include !== undefined) builder = builder.include(options.include);
  const results = await builder.analyze();
  const exclusions = [...AG_GRID_EXCLUSIONS, ...(options.exclusions ?? [])];
  const kept: Result[] = [];
  for (const violation of results.violations) {
    const nodes = [];
    for (const node of violation.nodes) {
      const target = node.target.at(-1);
      const selector = typeof target === 'string' ? target : undefined;
      const rules = exclusions.filter((e) => e.rule === violation.id).map((e) => e.within);
      const isExcluded =
        selector !== undefined &&
        rules.length > 0 &&
        (await page.evaluate(
          ({ selector, rules }) => {
            const element = document.querySelector(selector);
            return element !== null && rules.some((within) => element.closest(within) !== null);
          },
          { selector, rules },
        ));
      if (!isExcluded) nodes.push(node);
    }
    if (nodes.length > 0) kept.push({ ...violation, nodes });
  }
  return kept;
}

export function describeViolations(violations: readonly Result[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact ?? ''}]: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? v.help}`));
}

/** Scans the page (or the part `include` selects) and fails, listing each violation, if any remain. */
export async function expectNoAxeViolations(
  page: Page,
  testInfo: TestInfo,
  screen: string,
  options: { include?: string; exclusions?: readonly AxeExclusion[] } = {},
): Promise<void> {
  const violations = await axeViolations(page, options);
  const lines = describeViolations(violations);
  await testInfo.attach(`axe-${screen}`, { body: lines.join('\n') || 'no violations', contentType: 'text/plain' });
  expect(lines, `axe (WCAG 2.1 AA) violations on ${screen}`).toEqual([]);
}
