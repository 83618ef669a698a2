/**
 * Company settings in the web app (#16): an admin edits the response target at /settings (in
 * minutes, hours or days, with a message for a value out of 1 minute–7 days that the API never
 * receives), the team chart's target line follows; other roles read it and have no Settings link.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { adminSession, MOBILE, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();
const target = async () =>
  (await s.api<{ response_target_minutes: number }>('/company/settings')).response_target_minutes;
const setTarget = (minutes: number) =>
  s.api('/company/settings', { method: 'PATCH', body: JSON.stringify({ response_target_minutes: minutes }) });

describe('the response target at /settings', () => {
  afterAll(async () => {
    await setTarget(240);
  });

  it('an admin changes it in hours or minutes; out-of-range values get a message and are not sent', async () => {
    await setTarget(240);
    const page = await s.open(s.admin, '/settings');
    const form = page.getByRole('form', { name: 'Response target' });
    const amount = form.getByRole('spinbutton', { name: 'First reply within' });
    const unit = form.getByRole('combobox', { name: 'Unit' });
    await amount.waitFor();
    // 240 minutes read as 4 hours.
    expect([await amount.inputValue(), await unit.inputValue()]).toEqual(['4', 'hours']);
    expect(await seriousViolations(page)).toEqual([]);

    const patches: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes('/company/settings')) patches.push(r.postData() ?? '');
    });
    const save = form.getByRole('button', { name: 'Save target' });
    for (const [value, u] of [
      ['8', 'days'],
      ['0', 'minutes'],
      ['', 'hours'],
    ] as const) {
      await unit.selectOption(u);
      await amount.fill(value);
      await save.click();
      await expect
        .poll(() => form.getByRole('alert').textContent())
        .toBe('Choose a target between 1 minute and 7 days (10,080 minutes).');
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
    }
    await shoot(page, 'settings-target-invalid');
    expect(await seriousViolations(page)).toEqual([]);
    expect(patches).toEqual([]);
    expect(await target()).toBe(240);

    await unit.selectOption('hours');
    await amount.fill('1.5');
    await save.click();
    await expect
      .poll(() => page.locator('.settings-card [role="status"]').textContent())
      .toBe('Saved: the target is 1.5 h.');
    expect(patches.map((p) => JSON.parse(p))).toEqual([{ response_target_minutes: 90 }]);
    expect(await target()).toBe(90);
    // Stored in whole minutes: 90 reads back as 90 minutes.
    expect([await amount.inputValue(), await unit.inputValue()]).toEqual(['90', 'minutes']);

    // The team chart draws the new target (same cache: no reload).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
    const head = page.getByRole('region', { name: 'Median response per member' }).locator('.card-head p');
    await expect.poll(() => head.textContent()).toContain('the line is the 1.5 h target');
    await page.context().close();
  });

  it('a team lead reads it, with no form and no Settings link; on a phone too', async () => {
    await setTarget(240);
    for (const viewport of [undefined, MOBILE]) {
      const page = await s.open(s.as('team_lead'), '/settings', viewport ? { viewport } : {});
      await page.getByTestId('target-read-only').waitFor();
      expect(await page.getByTestId('target-read-only').textContent()).toBe(
        'The first-reply target is 4.0 h. Only an administrator can change it.',
      );
      expect(await page.locator('form, input, select').count()).toBe(0);
      await settled(page);
      if (viewport) {
        // On a phone the pages beyond the first four are behind "More".
        await page.getByRole('button', { name: 'More' }).click();
        await page
          .getByRole('dialog', { name: 'More pages' })
          .getByRole('link', { name: 'Reports' })
          .waitFor();
      }
      expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    }
  });
});
