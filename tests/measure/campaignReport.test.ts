import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/internal/random';
import { assignHoldouts, campaignReport, measureLift, RelanceError } from '../../src/measure';
import type { CampaignContact, CampaignOutcome } from '../../src/measure';

const day = (d: number): Date => new Date(Date.UTC(2024, 2, d));

describe('campaignReport: attribution, worked by hand', () => {
  const contacts: CampaignContact[] = [
    // spring: A, B, E treated (E twice: SMS on the 3rd, e-mail on the 1st), C, D held out
    { customerId: 'A', campaignId: 'spring', channel: 'email', date: day(1), holdout: false },
    { customerId: 'B', campaignId: 'spring', channel: 'email', date: day(1), holdout: false },
    { customerId: 'E', campaignId: 'spring', channel: 'sms', date: day(3), holdout: false },
    { customerId: 'E', campaignId: 'spring', channel: 'email', date: day(1), holdout: false },
    { customerId: 'C', campaignId: 'spring', channel: 'email', date: day(1), holdout: true },
    { customerId: 'D', campaignId: 'spring', channel: 'email', date: day(2), holdout: true },
    // tyres: A treated on the 4th, B held out on the 4th
    { customerId: 'A', campaignId: 'tyres', channel: 'mail', date: day(4), holdout: false },
    { customerId: 'B', campaignId: 'tyres', channel: 'mail', date: day(4), holdout: true },
    // planned after asOf
    { customerId: 'Z', campaignId: 'spring', channel: 'email', date: day(25), holdout: false },
  ];
  const outcomes: CampaignOutcome[] = [
    { customerId: 'A', date: day(1), revenue: 100 }, // day 0 of spring: counts (converted by revenue); before tyres
    { customerId: 'A', date: day(6), converted: false }, // a response without conversion, in both windows
    { customerId: 'B', date: day(11), revenue: 50 }, // spring day 10: out of the 10-day window; tyres day 7 (held out)
    { customerId: 'C', campaignId: 'tyres', date: day(3), revenue: 70 }, // names a campaign C is not in
    { customerId: 'D', date: day(1), revenue: 30 }, // before D's contact
    { customerId: 'D', campaignId: 'spring', date: day(5), converted: true }, // held-out conversion, no revenue
    { customerId: 'E', date: day(8), revenue: -20, converted: true }, // a refund, yet a conversion
    { customerId: 'E', date: day(30), revenue: 999 }, // after asOf
  ];
  const report = campaignReport(contacts, outcomes, { asOf: day(20), attributionDays: 10, costs: { email: 0.01, sms: 0.05, mail: 1.2 } });
  const spring = report.campaigns.find((c) => c.campaignId === 'spring')!;
  const tyres = report.campaigns.find((c) => c.campaignId === 'tyres')!;

  it('sorts campaigns by id and counts what it leaves out', () => {
    expect(report.campaigns.map((c) => c.campaignId)).toEqual(['spring', 'tyres']);
    expect(report.attributionDays).toBe(10);
    // C's outcome names tyres; D's first outcome is before its contact
    expect(report.excluded).toEqual({ contactsAfterAsOf: 1, outcomesAfterAsOf: 1, outcomesUnattributed: 2 });
  });

  it('spring: arms, responses, conversions, revenue', () => {
    expect(spring.treated).toEqual({ customers: 3, contacts: 4, responses: 2, responseRate: 2 / 3, conversions: 2, conversionRate: 2 / 3, revenue: 80, revenuePerCustomer: 80 / 3, openWindows: 0 });
    expect(spring.holdout).toEqual({ customers: 2, contacts: 2, responses: 1, responseRate: 0.5, conversions: 1, conversionRate: 0.5, revenue: 0, revenuePerCustomer: 0, openWindows: 0 });
    expect(spring.firstContact).toEqual(day(1));
    expect(spring.lastContact).toEqual(day(3));
  });

  it('spring: lifts are measureLift on the arms, cost and ROI by channel', () => {
    expect(spring.conversionLift).toEqual(measureLift({ treated: { n: 3, successes: 2 }, control: { n: 2, successes: 1 } }));
    expect(spring.revenueLift).toEqual(measureLift({ treated: { values: [100, 0, -20] }, control: { values: [0, 0] } }, { metric: 'mean' }));
    expect(spring.channels).toEqual([
      { channel: 'email', contacts: 3, cost: 0.03 },
      { channel: 'sms', contacts: 1, cost: 0.05 },
    ]);
    expect(spring.cost).toBeCloseTo(0.08, 15);
    expect(spring.incrementalConversions).toBeCloseTo((2 / 3 - 0.5) * 3, 12);
    expect(spring.incrementalRevenue).toBeCloseTo(80, 12);
    expect(spring.roi).toBeCloseTo((80 - 0.08) / 0.08, 9);
    expect(spring.roiLower).toBeCloseTo((spring.revenueLift!.lower * 3 - 0.08) / 0.08, 9);
  });

  it('spring: the cumulative curve by day since the first contact', () => {
    expect(spring.curve).toHaveLength(10);
    const rates = spring.curve.map((p) => [p.treatedConversions, p.holdoutConversions]);
    // A converts on day 0, D (held out, contacted on the 2nd) on day 3, E on day 7
    expect(rates).toEqual([[1, 0], [1, 0], [1, 0], [1, 1], [1, 1], [1, 1], [1, 1], [2, 1], [2, 1], [2, 1]]);
    expect(spring.curve[9]).toMatchObject({ treatedObserved: 3, holdoutObserved: 2, treatedConversionRate: 2 / 3, holdoutConversionRate: 0.5, treatedRevenuePerCustomer: 80 / 3 });
  });

  it('tyres: an outcome without campaign counts in every window that holds it', () => {
    expect(tyres.treated).toMatchObject({ customers: 1, responses: 1, conversions: 0, revenue: 0 });
    expect(tyres.holdout).toMatchObject({ customers: 1, responses: 1, conversions: 1, revenue: 50 });
    expect(tyres.cost).toBeCloseTo(1.2, 15);
    expect(tyres.revenueLift).toBeNull(); // one customer per arm
    expect(tyres.roi).toBeCloseTo((-50 - 1.2) / 1.2, 12);
    expect(tyres.roiLower).toBeNull();
  });

  it('open windows: a report on the 8th sees part of the window and says so', () => {
    const early = campaignReport(contacts, outcomes, { asOf: day(8), attributionDays: 10 });
    const s = early.campaigns[0]!;
    expect(s.treated.openWindows).toBe(3);
    expect(s.cost).toBeNull();
    expect(s.roi).toBeNull();
    expect(s.channels.every((c) => c.cost === null)).toBe(true);
    // first contacts on the 1st (A, B, E, C) and the 2nd (D): day 7 observed for the former only
    expect(s.curve).toHaveLength(8);
    expect(s.curve[7]).toMatchObject({ treatedObserved: 3, holdoutObserved: 1 });
    expect(s.curve[6]).toMatchObject({ treatedObserved: 3, holdoutObserved: 2 });
  });
});

describe('campaignReport on a simulated campaign', () => {
  it('finds a 2-point lift on 40,000 customers with a 10 % holdout, its interval covering the truth', () => {
    const ids = Array.from({ length: 40000 }, (_, i) => `K${i}`);
    const { assignments } = assignHoldouts(ids, { campaignId: 'service', fraction: 0.1, salt: 'sim' });
    const random = new Random(11);
    const contacts: CampaignContact[] = [];
    const outcomes: CampaignOutcome[] = [];
    for (const a of assignments) {
      const sent = 1 + random.int(0, 4);
      contacts.push({ customerId: a.customerId, campaignId: 'service', channel: random.bernoulli(0.7) ? 'email' : 'sms', date: day(sent), holdout: a.holdout });
      if (random.bernoulli(a.holdout ? 0.04 : 0.06)) outcomes.push({ customerId: a.customerId, date: day(sent + random.int(0, 20)), revenue: 150 + random.int(0, 100) });
    }
    const report = campaignReport(contacts, outcomes, { asOf: day(60), costs: { email: 0.01, sms: 0.06 } });
    const c = report.campaigns[0]!;
    expect(c.holdout.customers / 40000).toBeCloseTo(0.1, 2);
    const lift = c.conversionLift!;
    expect(lift.lower).toBeLessThan(0.02);
    expect(lift.upper).toBeGreaterThan(0.02);
    expect(lift.pValue).toBeLessThan(0.001);
    expect(c.revenueLift!.lower).toBeGreaterThan(0);
    expect(c.roi).toBeGreaterThan(10);
    expect(c.curve.at(-1)!.difference).toBeCloseTo(lift.difference, 12);
    expect(report.excluded.outcomesUnattributed).toBe(0);
  });
});

describe('campaignReport properties', () => {
  const contact = fc.record({
    customerId: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
    campaignId: fc.constantFrom('x', 'y'),
    channel: fc.constantFrom('email', 'sms'),
    date: fc.integer({ min: 1, max: 25 }).map(day),
  });
  const outcome = fc.record(
    {
      customerId: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
      campaignId: fc.constantFrom('x', 'y', undefined),
      date: fc.integer({ min: 1, max: 35 }).map(day),
      converted: fc.constantFrom(true, false, undefined),
      revenue: fc.constantFrom(0, 12.5, 99.99, -5, undefined),
    },
    { requiredKeys: ['customerId', 'date'] },
  );
  // One arm per customer and campaign, as a holdout assignment gives.
  const withArm = (c: { customerId: string; campaignId: string; channel: string; date: Date }): CampaignContact => ({ ...c, holdout: c.customerId < 'C' !== (c.campaignId === 'y') });

  it('is the same, to the last bit, whatever the order of contacts and outcomes (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(contact, { maxLength: 25 }), fc.array(outcome, { maxLength: 25 }), fc.integer(), (rawContacts, outcomes, seed) => {
        const contacts = rawContacts.map(withArm);
        const random = new Random(seed);
        const shuffle = <T>(list: T[]): T[] => {
          const out = [...list];
          for (let i = out.length - 1; i > 0; i--) {
            const j = random.int(0, i);
            [out[i], out[j]] = [out[j] as T, out[i] as T];
          }
          return out;
        };
        const options = { asOf: day(30), attributionDays: 7, costs: { email: 0.1, sms: 0.2 } };
        const a = campaignReport(contacts, outcomes, options);
        const b = campaignReport(shuffle(contacts), shuffle(outcomes as CampaignOutcome[]), options);
        expect(b).toEqual(a);
        // invariants: rates in [0, 1], conversions ≤ responses ≤ customers, curves non-decreasing when fully observed
        for (const c of a.campaigns) {
          for (const arm of [c.treated, c.holdout]) {
            expect(arm.conversions).toBeLessThanOrEqual(arm.customers);
            expect(arm.responses).toBeLessThanOrEqual(arm.customers);
          }
          for (const p of c.curve) {
            if (p.treatedConversionRate !== null) expect(p.treatedConversionRate).toBeGreaterThanOrEqual(0);
            if (p.treatedConversionRate !== null) expect(p.treatedConversionRate).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not mutate its inputs', () => {
    const contacts: CampaignContact[] = [{ customerId: 'A', campaignId: 'x', channel: 'email', date: day(1), holdout: false }];
    const outcomes: CampaignOutcome[] = [{ customerId: 'A', date: day(2), revenue: 5 }];
    const copy = JSON.stringify([contacts, outcomes]);
    const asOf = day(9);
    campaignReport(contacts, outcomes, { asOf });
    expect(JSON.stringify([contacts, outcomes])).toBe(copy);
    expect(asOf).toEqual(day(9));
  });
});

describe('campaignReport rejects bad records, naming them', () => {
  const ok: CampaignContact = { customerId: 'A', campaignId: 'x', channel: 'email', date: day(1), holdout: false };
  const fail = (run: () => unknown): RelanceError => {
    try {
      run();
    } catch (error) {
      if (error instanceof RelanceError) return error;
      throw error;
    }
    throw new Error('expected a RelanceError');
  };

  it('a customer both held out and treated in one campaign', () => {
    const e = fail(() => campaignReport([ok, { ...ok, holdout: true, date: day(2) }], [], { asOf: day(9) }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/^campaignReport: 1 invalid records/);
    expect(e.issues[0]).toMatchObject({ code: 'inconsistent_arm', path: ['contacts', 1, 'holdout'] });
  });

  it('a channel without a cost, bad dates, revenues and ids, with every path', () => {
    const e = fail(() =>
      campaignReport(
        [{ ...ok, channel: 'fax' }, { ...ok, date: new Date(Number.NaN) }, { ...ok, customerId: '' }],
        [{ customerId: 'A', date: day(2), revenue: Number.NaN }, { customerId: 'A', date: '2024-03-02' as unknown as Date }],
        { asOf: day(9), costs: { email: 1 } },
      ),
    );
    expect(e.issueCount).toBe(5);
    expect(e.issues.map((i) => i.path)).toEqual([
      ['contacts', 0, 'channel'],
      ['contacts', 1, 'date'],
      ['contacts', 2, 'customerId'],
      ['outcomes', 0, 'revenue'],
      ['outcomes', 1, 'date'],
    ]);
  });

  it('bad options', () => {
    expect(fail(() => campaignReport([ok], [], { asOf: new Date('nope') })).message).toMatch(/^campaignReport: asOf must be a valid Date/);
    expect(fail(() => campaignReport([ok], [], { asOf: day(9), attributionDays: 0 })).issues[0]!.path).toEqual(['attributionDays']);
    expect(fail(() => campaignReport([ok], [], { asOf: day(9), costs: { email: -1 } })).issues[0]!.path).toEqual(['costs', 'email']);
    expect(fail(() => campaignReport([ok], [], { asOf: day(9), confLevel: 95 })).issues[0]!.path).toEqual(['confLevel']);
  });
});
