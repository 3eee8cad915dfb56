/**
 * `calendar.invite`: a session's `.ics` file for each of the two people, planned by src/calendar when the session is
 * fixed, moved or called off. Its payload is checked here like every notice's; it is rendered by src/calendar before
 * the engine is asked (the file is built from the calendar state at delivery), so the engine has nothing to add.
 */
import { z } from 'zod';
import { quiet, type PayloadSchemas, type Renderers } from './notice.js';

export const calendarPayloads = {
  'calendar.invite': z.object({ sessionId: z.string().min(1), sequence: z.number().int().min(0) }),
} satisfies PayloadSchemas;

export const calendarRenderers: Renderers<typeof calendarPayloads> = {
  'calendar.invite': async (_ctx, state) => quiet(state),
};
