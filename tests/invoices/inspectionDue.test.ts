import { describe, expect, it } from 'vitest';
import type { Vehicle } from '../../src/domain';
import { inspectionDue } from '../../src/invoices';

const d = (s: string): Date => new Date(`${s}T00:00:00Z`);
const day = (x: Date | undefined): string | undefined => x?.toISOString().slice(0, 10);
const car = (registered: string): Vehicle => ({ id: 'V', make: 'M', model: 'X', firstRegistration: d(registered) });

describe('inspectionDue (hand-computed dates)', () => {
  it('France: first within the 6 months before the 4th anniversary, leap day kept in a leap year', () => {
    const r = inspectionDue(car('2020-02-29'), [], { asOf: d('2023-06-01') });
    expect(day(r.dueDate)).toBe('2024-02-29');
    expect(day(r.windowStart)).toBe('2023-08-29');
    expect(r.basis).toBe('first');
    expect(r.status).toBe('ok'); // the window opens in 89 days, beyond the 60 of due-soon
    expect(inspectionDue(car('2020-02-29'), [], { asOf: d('2023-07-15') }).status).toBe('due-soon'); // 45 days
  });

  it('France: month-end clamping of the window, then every 2 years after the last test', () => {
    const first = inspectionDue(car('2021-08-31'), [], { asOf: d('2025-03-01') });
    expect(day(first.dueDate)).toBe('2025-08-31');
    expect(day(first.windowStart)).toBe('2025-02-28'); // 31 August − 6 months → 28 February
    expect(first.status).toBe('due');
    const next = inspectionDue(car('2021-08-31'), [d('2025-04-11')], { asOf: d('2025-05-01') });
    expect(day(next.dueDate)).toBe('2027-04-11');
    expect(next.basis).toBe('periodic');
    expect(next.status).toBe('ok');
    expect(day(next.lastInspection)).toBe('2025-04-11');
  });

  it('a car registered on 29 February is due on 28 February two years after a test on 29 February', () => {
    const r = inspectionDue(car('2020-02-29'), [d('2024-02-29')], { asOf: d('2025-01-01') });
    expect(day(r.dueDate)).toBe('2026-02-28');
  });

  it('Germany 3 + 2, UK 3 + 1, Belgium 4 + 1, Italy 4 + 2', () => {
    expect(day(inspectionDue(car('2021-05-10'), [], { asOf: d('2023-01-01'), country: 'DE' }).dueDate)).toBe('2024-05-10');
    expect(day(inspectionDue(car('2021-05-10'), [d('2024-05-02')], { asOf: d('2024-06-01'), country: 'DE' }).dueDate)).toBe('2026-05-02');
    const mot = inspectionDue(car('2022-03-31'), [], { asOf: d('2025-03-01'), country: 'GB' });
    expect(day(mot.dueDate)).toBe('2025-03-31');
    expect(day(mot.windowStart)).toBe('2025-02-28');
    expect(mot.status).toBe('due');
    expect(day(inspectionDue(car('2022-03-31'), [d('2025-03-20')], { asOf: d('2025-04-01'), country: 'GB' }).dueDate)).toBe('2026-03-20');
    expect(day(inspectionDue(car('2020-01-31'), [], { asOf: d('2023-01-01'), country: 'BE' }).dueDate)).toBe('2024-01-31');
    expect(day(inspectionDue(car('2020-01-31'), [d('2024-01-20')], { asOf: d('2024-02-01'), country: 'BE' }).dueDate)).toBe('2025-01-20');
    expect(day(inspectionDue(car('2020-01-31'), [], { asOf: d('2023-01-01'), country: 'IT' }).dueDate)).toBe('2024-01-31');
  });

  it('Spain: 4 years, then every 2 until 10 years, then yearly', () => {
    const tests = [d('2018-06-01'), d('2020-05-20'), d('2022-05-30'), d('2024-06-10')];
    // Last test 2024-06-10, five days before the 10th anniversary (2024-06-15): still every 2 years.
    expect(day(inspectionDue(car('2014-06-15'), tests, { asOf: d('2024-07-01'), country: 'ES' }).dueDate)).toBe('2026-06-10');
    // A test after the 10th anniversary: yearly.
    expect(day(inspectionDue(car('2014-06-15'), [...tests, d('2025-06-20')], { asOf: d('2025-07-01'), country: 'ES' }).dueDate)).toBe('2026-06-20');
    expect(day(inspectionDue(car('2014-06-15'), [], { asOf: d('2016-01-01'), country: 'ES' }).dueDate)).toBe('2018-06-15');
  });

  it('statuses: ok, due-soon, due (inside the window), overdue (past, no test); tests after asOf ignored', () => {
    const v = car('2021-03-15'); // due 2025-03-15, window from 2024-09-15
    expect(inspectionDue(v, [], { asOf: d('2024-06-01') }).status).toBe('ok');
    expect(inspectionDue(v, [], { asOf: d('2024-07-20') }).status).toBe('due-soon'); // 57 days before the window
    expect(inspectionDue(v, [], { asOf: d('2024-09-15') }).status).toBe('due');
    expect(inspectionDue(v, [], { asOf: d('2025-03-15') }).status).toBe('due');
    expect(inspectionDue(v, [], { asOf: d('2025-03-16') }).status).toBe('overdue');
    expect(inspectionDue(v, [d('2025-06-01')], { asOf: d('2025-03-16') }).status).toBe('overdue');
    expect(inspectionDue(v, [], { asOf: d('2025-03-16') }).reason).toContain('overdue since 2025-03-15');
  });

  it('answers unknown for a country without a rule, and takes custom rules as data', () => {
    expect(inspectionDue(car('2020-01-01'), [], { asOf: d('2025-01-01'), country: 'US' })).toEqual({ status: 'unknown', reason: 'no roadworthiness-test rule for country US' });
    const rules = { NL: { country: 'NL', name: 'APK', firstAfterMonths: 48, everyMonths: 24, laterAfterMonths: 96, laterEveryMonths: 12, windowMonths: 2 } };
    expect(day(inspectionDue(car('2020-01-01'), [], { asOf: d('2023-01-01'), country: 'NL', rules }).dueDate)).toBe('2024-01-01');
  });

  it('does not depend on the process time zone', () => {
    const before = process.env['TZ'];
    try {
      process.env['TZ'] = 'Pacific/Chatham';
      const a = inspectionDue(car('2021-08-31'), [d('2025-04-11')], { asOf: d('2025-05-01') });
      process.env['TZ'] = 'America/St_Johns';
      const b = inspectionDue(car('2021-08-31'), [d('2025-04-11')], { asOf: d('2025-05-01') });
      expect(a).toEqual(b);
    } finally {
      if (before === undefined) delete process.env['TZ'];
      else process.env['TZ'] = before;
    }
  });
});
