/**
 * The simulator against its own parameters: what it generates must follow the laws its
 * truth records, within sampling error (tolerances are stated as multiples of the standard
 * error of the statistic), and hold the features the issue asks for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvoiceCategorySchema } from '../../src/domain';
import type { Dataset } from '../../src/domain';
import { RelanceError } from '../../src/errors';
import { replaySchedule, simulateDealer } from '../../src/simulate';
import type { SimulationTruth } from '../../src/simulate';

const DAY = 86_400_000;
const asOf = new Date('2026-06-30T00:00:00Z');
let dataset: Dataset;
let truth: SimulationTruth;

beforeAll(() => {
  ({ dataset, truth } = simulateDealer({ seed: 2026, customers: 20_000, asOf, years: 8 }));
});

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** UTC months between two dates, as whole calendar months plus the day fraction. */
function addMonthsUtc(date: Date, months: number): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(date.getUTCDate(), last));
  return d;
}

describe('simulateDealer: realism against its truth', () => {
  it('draws yearly mileage around the population median of 12,500 km (within 4 standard errors)', () => {
    const persons = new Set(dataset.customers.filter((c) => c.kind === 'person').map((c) => c.id));
    const groupMakes = new Set(truth.makes.filter((m) => m.kind !== 'other-brand').map((m) => m.make));
    const perYear = Object.values(truth.vehicles)
      .filter((v) => persons.has(v.customerId) && groupMakes.has(v.make))
      .map((v) => v.kmPerDay * 365.25);
    expect(perYear.length).toBeGreaterThan(5_000);
    // Log-normal with sigma 0.5: SE(median) ≈ median · sigma · sqrt(pi/2) / sqrt(n).
    const se = (12_500 * 0.5 * Math.sqrt(Math.PI / 2)) / Math.sqrt(perYear.length);
    expect(Math.abs(median(perYear) - truth.medianKmPerYear)).toBeLessThan(4 * se);
    // Some very low and some very high mileages.
    expect(perYear.some((km) => km < 5_000)).toBe(true);
    expect(perYear.some((km) => km > 30_000)).toBe(true);
  });

  it('records odometers consistent with each vehicle\'s true mileage (readings ≥ 180 days apart)', () => {
    const span = new Map<string, { t0: number; k0: number; t1: number; k1: number }>();
    for (const r of dataset.odometerReadings) {
      const t = r.date.getTime();
      // Within the ownership only: a traded-in car stands still on the lot before its preparation.
      const owner = truth.vehicles[r.vehicleId];
      if (owner === undefined || t < owner.acquired.getTime() || (owner.released !== undefined && t >= owner.released.getTime())) continue;
      const s = span.get(r.vehicleId);
      if (s === undefined) span.set(r.vehicleId, { t0: t, k0: r.km, t1: t, k1: r.km });
      else if (t > s.t1) Object.assign(s, { t1: t, k1: r.km });
    }
    let checked = 0;
    for (const [id, s] of span) {
      const days = (s.t1 - s.t0) / DAY;
      const v = truth.vehicles[id];
      if (days < 180 || v === undefined) continue;
      const observed = (s.k1 - s.k0) / days;
      // Readings are whole km of a linear odometer: 1 km of rounding on each end.
      expect(Math.abs(observed - v.kmPerDay)).toBeLessThanOrEqual(2 / days + 1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(3_000);
  });

  it('draws loyal owners\' times to repurchase from each model\'s Weibull law (median within 4 SE, KS at 1%)', () => {
    const historyStart = addMonthsUtc(asOf, -96).getTime();
    for (const model of truth.models.filter((m) => m.tier !== 'other')) {
      const months = truth.spells
        .filter((s) => s.model === model.model && s.loyal && s.finance === undefined && s.start.getTime() >= historyStart)
        .map((s) => s.durationMonths);
      expect(months.length, model.model).toBeGreaterThan(150);
      const k = model.weibullShape;
      const lambda = model.weibullScaleMonths;
      expect(lambda * Math.pow(Math.LN2, 1 / k)).toBeCloseTo(model.medianMonths, 9);
      // SE of the sample median: 1 / (2 f(m) sqrt(n)), with f(m) = k ln2 / (2 m) for a Weibull.
      const se = model.medianMonths / (k * Math.LN2 * Math.sqrt(months.length));
      expect(Math.abs(median(months) - model.medianMonths), model.model).toBeLessThan(4 * se);
      // Kolmogorov–Smirnov distance to the Weibull CDF, 1% critical value 1.63 / sqrt(n)
      // (durations shorter than 30 days are floored to 30 days: below 1 month, F is tiny).
      const sorted = [...months].sort((a, b) => a - b);
      let d = 0;
      sorted.forEach((x, i) => {
        const f = 1 - Math.exp(-Math.pow(x / lambda, k));
        d = Math.max(d, Math.abs(f - i / sorted.length), Math.abs(f - (i + 1) / sorted.length));
      });
      expect(d, model.model).toBeLessThan(1.63 / Math.sqrt(sorted.length));
    }
  });

  it('has loyalty within sampling error of each model\'s truth, and medians between 30 and 60 months', () => {
    const historyStart = addMonthsUtc(asOf, -96).getTime();
    for (const model of truth.models.filter((m) => m.tier !== 'other')) {
      expect(model.medianMonths).toBeGreaterThanOrEqual(30);
      expect(model.medianMonths).toBeLessThanOrEqual(60);
      expect(model.loyalty).toBeGreaterThanOrEqual(0.5);
      expect(model.loyalty).toBeLessThanOrEqual(0.7);
      const spells = truth.spells.filter((s) => s.model === model.model && s.finance === undefined && s.start.getTime() >= historyStart);
      // Fleet customers are 10 points more loyal: keep persons only.
      const persons = new Set(dataset.customers.filter((c) => c.kind === 'person').map((c) => c.id));
      const own = spells.filter((s) => persons.has(s.customerId));
      const share = own.filter((s) => s.loyal).length / own.length;
      const se = Math.sqrt((model.loyalty * (1 - model.loyalty)) / own.length);
      expect(Math.abs(share - model.loyalty), model.model).toBeLessThan(4 * se);
    }
  });

  it('ends leases at their term', () => {
    const leases = truth.spells.filter((s) => s.finance === 'lease' && s.loyal);
    expect(leases.length).toBeGreaterThan(100);
    for (const s of leases) {
      const nearest = Math.abs(s.durationMonths - 36) < Math.abs(s.durationMonths - 48) ? 36 : 48;
      expect(s.durationMonths - nearest).toBeGreaterThanOrEqual(-3.1);
      expect(s.durationMonths - nearest).toBeLessThanOrEqual(2.1);
    }
  });

  it('censors spells at asOf and records repurchases before it', () => {
    for (const s of truth.spells) {
      if (s.status === 'censored') expect(s.end.getTime()).toBe(asOf.getTime());
      else expect(s.end.getTime()).toBeLessThanOrEqual(asOf.getTime());
      expect(s.observedFrom.getTime()).toBeGreaterThanOrEqual(s.start.getTime());
    }
    expect(truth.spells.some((s) => s.observedFrom.getTime() > s.start.getTime())).toBe(true); // left truncation
    expect(truth.spells.some((s) => s.status === 'repurchase')).toBe(true);
  });

  it('produces every invoice category but "other", every payer, and headers that hide some payers', () => {
    const categories = new Set(Object.values(truth.invoices).map((t) => t.category));
    for (const c of InvoiceCategorySchema.options.filter((c) => c !== 'other')) expect(categories, c).toContain(c);
    const payers = new Set(Object.values(truth.invoices).map((t) => t.payer));
    for (const p of ['customer', 'warranty', 'internal', 'insurance', 'contract', 'fleet', 'mixed']) expect(payers, p).toContain(p);
    expect(dataset.invoices.some((i) => i.payer === 'unknown')).toBe(true);
    expect(dataset.invoices.some((i) => i.lines.some((l) => l.payer === 'goodwill'))).toBe(true);
    expect(Object.keys(truth.invoices).sort()).toEqual(dataset.invoices.map((i) => i.id).sort());
  });

  it('writes realistic French DMS labels, including the issue\'s examples', () => {
    const labels = dataset.invoices.flatMap((i) => i.lines.map((l) => l.label));
    for (const text of ['REVISION + VIDANGE', 'PLAQ AV', 'CT', 'PNEU 205/55R16 MICHELIN X2', 'CESSION INTERNE']) {
      expect(labels.some((l) => l.toUpperCase().includes(text)), text).toBe(true);
    }
    expect(labels.some((l) => /^FORFAIT ENTRETIEN \d+0000KM$/.test(l))).toBe(true);
    expect(labels.some((l) => l !== l.toUpperCase())).toBe(true); // not all upper case
  });

  it('times roadworthiness tests on the French rule (6 months before the 4th anniversary, then every 2 years)', () => {
    let checked = 0;
    for (const [id, v] of Object.entries(truth.vehicles)) {
      const vehicle = dataset.vehicles.find((x) => x.id === id);
      if (vehicle === undefined) continue;
      for (const date of v.inspections) {
        let ok = false;
        for (let k = 0; k < 10 && !ok; k++) {
          const due = addMonthsUtc(vehicle.firstRegistration, 48 + 24 * k);
          ok = date.getTime() <= due.getTime() && date.getTime() >= addMonthsUtc(due, -6).getTime();
        }
        expect(ok, `${id} ${date.toISOString()}`).toBe(true);
        checked++;
      }
      if (checked > 2_000) break;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('alternates small and large services on the alternating plan', () => {
    const alternating = Object.values(truth.vehicles).filter((v) => v.planId === 'example-alternating');
    let pairs = 0;
    for (const v of alternating) {
      const kinds = v.services.flatMap((s) => s.operations.filter((o) => o === 'small-service' || o === 'large-service'));
      for (let i = 1; i < kinds.length; i++) {
        expect(kinds[i]).not.toBe(kinds[i - 1]);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(1_000);
  });

  it('has households of 2–3, second cars of other brands, prospects without vehicles, and companies', () => {
    const members = new Map<string, string[]>();
    for (const c of dataset.customers) members.set(c.householdId ?? c.id, [...(members.get(c.householdId ?? c.id) ?? []), c.id]);
    const sizes = [...members.values()].map((m) => m.length);
    expect(sizes.filter((n) => n === 2).length).toBeGreaterThan(500);
    expect(sizes.filter((n) => n === 3).length).toBeGreaterThan(200);
    const otherBrands = new Set(truth.makes.filter((m) => m.kind === 'other-brand').map((m) => m.make));
    const vehicleMake = new Map(dataset.vehicles.map((v) => [v.id, v.make]));
    const ownerOf = new Map<string, string>();
    for (const i of dataset.invoices) ownerOf.set(i.vehicleId, i.customerId);
    const householdOf = new Map(dataset.customers.map((c) => [c.id, c.householdId ?? c.id]));
    const withGroupSale = new Set(dataset.sales.map((s) => householdOf.get(s.customerId)));
    const secondCars = [...ownerOf].filter(([vid, cid]) => otherBrands.has(vehicleMake.get(vid) ?? '') && withGroupSale.has(householdOf.get(cid)));
    expect(secondCars.length).toBeGreaterThan(100);
    const prospects = new Set(dataset.customers.filter((c) => c.status === 'prospect').map((c) => c.id));
    expect(prospects.size).toBeGreaterThan(1_000);
    expect(dataset.sales.some((s) => prospects.has(s.customerId))).toBe(false);
    expect(dataset.invoices.some((i) => prospects.has(i.customerId))).toBe(false);
    expect(dataset.customers.some((c) => c.kind === 'company')).toBe(true);
    expect(dataset.customers.every((c) => c.kind === 'company' || c.civility !== undefined)).toBe(true);
    expect(dataset.customers.some((c) => c.civility === 'unknown')).toBe(true);
  });

  it('holds out about 10% of each campaign\'s targets, and the measured effect matches the true effect', () => {
    let targeted = 0;
    let heldOut = 0;
    for (const c of truth.campaigns) {
      targeted += c.targeted;
      heldOut += c.heldOut;
    }
    const se = Math.sqrt((0.1 * 0.9) / targeted);
    expect(Math.abs(heldOut / targeted - 0.1)).toBeLessThan(4 * se);

    // Intent-to-treat: conversion of the treated arm minus the held-out arm, pooled over campaigns,
    // against the true mean effect weighted the same way (contacts with a recorded outcome only).
    const converted = new Set(['appointment', 'purchase', 'visit', 'responded']);
    const arms = { t: [0, 0], c: [0, 0] };
    for (const k of dataset.contacts) {
      if (k.outcome === undefined) continue;
      const arm = k.deliveryStatus === 'held-out' ? arms.c : arms.t;
      arm[0] = (arm[0] as number) + 1;
      if (converted.has(k.outcome)) arm[1] = (arm[1] as number) + 1;
    }
    const [nt, xt] = arms.t as [number, number];
    const [nc, xc] = arms.c as [number, number];
    const pt = xt / nt;
    const pc = xc / nc;
    const trueEffect = truth.campaigns.reduce((s, c) => s + c.trueEffect * c.targeted, 0) / targeted;
    const seDiff = Math.sqrt((pt * (1 - pt)) / nt + (pc * (1 - pc)) / nc);
    expect(Math.abs(pt - pc - trueEffect)).toBeLessThan(4 * seDiff);
    expect(pt - pc).toBeGreaterThan(0);
  });

  it('draws each customer\'s propensity from the documented logistic model of their features', () => {
    for (const [, c] of Object.entries(truth.customers).slice(0, 500)) {
      const f = c.features;
      const logit =
        truth.response.intercept +
        truth.response.coefficients.engagement * (f.engagement - 0.29) +
        truth.response.coefficients.adherence * (f.adherence - 0.67) +
        truth.response.coefficients.over55 * f.over55 +
        truth.response.coefficients.vehicles * (f.vehicles - 1) +
        truth.response.coefficients.prospect * f.prospect;
      // Features and propensity are stored to 4 decimals.
      expect(Math.abs(c.propensity - 1 / (1 + Math.exp(-logit)))).toBeLessThan(2e-3);
    }
  });
});

describe('replaySchedule', () => {
  it('is deterministic, independent of order, and its contacted-minus-held-out rate matches the true effect', () => {
    const date = new Date('2026-07-01T00:00:00Z');
    const schedule = dataset.customers.map((c, i) => ({ customerId: c.id, topic: 'service' as const, date, contacted: i % 2 === 0 }));
    const a = replaySchedule(truth, schedule);
    const reversed = replaySchedule(truth, [...schedule].reverse()).reverse();
    expect(reversed).toEqual(a);
    const treated = a.filter((o) => o.contacted);
    const control = a.filter((o) => !o.contacted);
    const rate = (xs: typeof a) => xs.filter((o) => o.converted).length / xs.length;
    const pt = rate(treated);
    const pc = rate(control);
    const trueEffect = a.reduce((s, o) => s + o.trueEffect, 0) / a.length;
    const se = Math.sqrt((pt * (1 - pt)) / treated.length + (pc * (1 - pc)) / control.length);
    expect(Math.abs(pt - pc - trueEffect)).toBeLessThan(4 * se);
    // Probabilities follow the documented formula.
    const first = a[0];
    const customer = truth.customers[schedule[0]?.customerId ?? ''];
    expect(first?.probability).toBeCloseTo(Math.min(0.95, Math.min(0.9, (0.06 * (customer?.propensity ?? 0)) / 0.1) + 0.04), 12);
  });

  it('names the contact whose customer is unknown', () => {
    const run = () => replaySchedule(truth, [{ customerId: 'nobody', topic: 'service', date: asOf }]);
    expect(run).toThrow(RelanceError);
    expect(run).toThrow(/replaySchedule: unknown customer "nobody" at schedule\[0\]/);
  });
});
