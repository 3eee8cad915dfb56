/** The bot's database wait by command and collection, from its /metrics (`coach_db_command_*`): for benches and soaks. */
export type DbTimes = Map<string, { calls: number; seconds: number }>;

export async function dbTimes(botUrl: string): Promise<DbTimes> {
  const text = await (await fetch(`${botUrl}/metrics`)).text();
  const times: DbTimes = new Map();
  for (const [, name, command, collection, value] of text.matchAll(
    /^coach_db_command_(calls|seconds)_total\{command="(\w+)",collection="([^"]+)"\} (\S+)$/gm,
  )) {
    const key = `${command} ${collection}`;
    const entry = times.get(key) ?? { calls: 0, seconds: 0 };
    if (name === 'calls') entry.calls = Number(value);
    else entry.seconds = Number(value);
    times.set(key, entry);
  }
  return times;
}

/** What changed between two readings, the `limit` commands with the most time first. */
export function dbTimesSince(
  before: DbTimes,
  now: DbTimes,
  limit = 6,
): { key: string; calls: number; seconds: number }[] {
  return [...now]
    .map(([key, v]) => {
      const earlier = before.get(key) ?? { calls: 0, seconds: 0 };
      return { key, calls: v.calls - earlier.calls, seconds: v.seconds - earlier.seconds };
    })
    .filter((d) => d.calls > 0)
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, limit);
}
