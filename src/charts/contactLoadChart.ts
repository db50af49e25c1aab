import type { GovernedContact } from '../pressure';
import { CHART_COLORS, frame, nonEmpty, size, chartInputError, type ChartOptions, type VegaLiteSpec } from './spec';

/** Options of {@link contactLoadChart}. */
export interface ContactLoadChartOptions extends ChartOptions {
  /** Name of the panel for contacts without a site. Default `"no site"`. */
  readonly noSite?: string | undefined;
}

const FN = 'contactLoadChart';
const DAY = 86_400_000;

/**
 * Contact load per day: the scheduled contacts counted per day and channel, stacked, one
 * panel per site (a row each, sharing the day axis), so a planner sees the call centre's
 * peaks and the quiet days the policy keeps free. Days without a contact inside the span are
 * drawn as empty, not skipped.
 *
 * @param contacts - The schedule: `governContacts(...).scheduled` (or `planContacts`'), or any contacts with a day, a channel and a site.
 * @returns A Vega-Lite spec: `bar` stacked by channel, faceted by site in rows.
 * @throws {@link RelanceError} `invalid_input` for an invalid day, naming the contact; `insufficient_data` for no contact.
 *
 * @example
 * ```ts
 * import { contactLoadChart } from 'relance/charts';
 *
 * const spec = contactLoadChart([
 *   { day: new Date('2025-07-01T00:00:00Z'), channel: 'phone', siteId: 'S1' },
 *   { day: new Date('2025-07-01T00:00:00Z'), channel: 'email', siteId: 'S1' },
 *   { day: new Date('2025-07-03T00:00:00Z'), channel: 'sms', siteId: 'S2' },
 * ]);
 * ```
 */
export function contactLoadChart(contacts: ReadonlyArray<Pick<GovernedContact, 'day' | 'channel' | 'siteId'>>, options: ContactLoadChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, contacts, 'contacts');
  const noSite = options.noSite ?? 'no site';
  const counts = new Map<string, number>();
  const sites = new Set<string>();
  const channels = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  contacts.forEach((c, i) => {
    const t = c.day instanceof Date ? c.day.getTime() : Number.NaN;
    if (!Number.isFinite(t)) throw chartInputError(FN, [i, 'day'], 'expected a valid date');
    if (typeof c.channel !== 'string' || c.channel.length === 0) throw chartInputError(FN, [i, 'channel'], 'expected a channel');
    const day = Math.floor(t / DAY);
    const site = c.siteId ?? noSite;
    sites.add(site);
    channels.add(c.channel);
    first = Math.min(first, day);
    last = Math.max(last, day);
    const key = `${day}|${site}|${c.channel}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const siteList = [...sites].sort();
  const channelList = [...channels].sort();
  const values: Array<Record<string, string | number>> = [];
  for (let day = first; day <= last; day++) {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    for (const site of siteList) for (const channel of channelList) values.push({ date, site, channel, contacts: counts.get(`${day}|${site}|${channel}`) ?? 0 });
  }
  const days = last - first + 1;
  const { width, height } = size(FN, options, Math.min(900, Math.max(240, days * 14)), siteList.length > 1 ? 90 : 200);
  return {
    ...frame(options.title ?? 'Contacts per day, by site and channel'),
    data: { values },
    facet: { row: { field: 'site', type: 'nominal', title: null, sort: siteList, header: { labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width,
      height,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'date', type: 'ordinal', title: 'day', axis: { labelAngle: -90, labelOverlap: true } },
        y: { field: 'contacts', type: 'quantitative', title: 'contacts', stack: 'zero' },
        color: { field: 'channel', type: 'nominal', title: 'channel', scale: { domain: channelList, range: CHART_COLORS.slice(0, channelList.length) } },
        tooltip: [{ field: 'date' }, { field: 'site' }, { field: 'channel' }, { field: 'contacts', type: 'quantitative' }],
      },
    },
    resolve: { scale: { y: 'shared' } },
  };
}
