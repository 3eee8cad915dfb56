/**
 * The one way a person comes into being: found by their channel identity, else created with the configured defaults
 * (language, time zone, working hours) and what the platform told us about them. The engine (someone writes), the
 * dashboard (someone opens the App Home before writing), the web chat's demo pair and a resolved colleague all go
 * through here, so a new person never starts with different defaults depending on where they first appeared.
 */
import type { CoachingSettings } from './flow.js';
import type { PersonDefaults } from './model.js';
import type { FindOrCreatePerson, PeopleRepo } from './ports.js';

/** Monday to Friday: the working days a new person starts with. */
const WORKING_DAYS = [1, 2, 3, 4, 5];

export function personDefaults(settings: CoachingSettings): PersonDefaults {
  return {
    locale: settings.defaultLocale,
    timeZone: settings.defaultTimeZone,
    workingHours: { start: settings.workStart, end: settings.workEnd, days: [...WORKING_DAYS] },
  };
}

/** Idempotent and race-safe: people are unique per channel identity (see `PeopleRepo.upsertByIdentity`). */
export function findOrCreatePerson(
  people: Pick<PeopleRepo, 'upsertByIdentity'>,
  settings: CoachingSettings,
): FindOrCreatePerson {
  const defaults = personDefaults(settings);
  return (identity, profile = {}) => people.upsertByIdentity(identity, profile, defaults);
}
