import * as z from 'zod';
import { CountSchema, IdSchema, TextSchema } from './fields';

/** Checks an IANA time-zone name with the runtime's own time-zone database. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A dealership site: a showroom, a workshop, or both. */
export const SiteSchema = z.object({
  /** Unique site id. */
  id: IdSchema,
  /** Display name. */
  name: TextSchema.optional(),
  /** ISO 3166-1 alpha-2 country code (`FR`, `DE`, …): decides the roadworthiness-test rules. */
  country: z
    .string({ error: 'expected an ISO 3166-1 alpha-2 country code such as FR' })
    .regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code such as FR' }),
  /** IANA time zone (`Europe/Paris`): quiet hours are read in it. */
  timeZone: z.string({ error: 'expected an IANA time zone such as Europe/Paris' }).refine(isTimeZone, {
    error: 'expected an IANA time zone such as Europe/Paris',
  }),
  /** Contacts the site can handle per day, per channel (e.g. `{ phone: 10 }` calls a day). */
  dailyCapacity: z
    .object({
      email: CountSchema.optional(),
      sms: CountSchema.optional(),
      phone: CountSchema.optional(),
      mail: CountSchema.optional(),
      push: CountSchema.optional(),
    })
    .optional(),
});
/** A dealership site. */
export type Site = z.infer<typeof SiteSchema>;
