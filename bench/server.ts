/**
 * The benchmarks' own database server: mongo-java-server in memory on a free loopback port with a large heap
 * (BENCH_HEAP, default 10g), never a shared one; and the CPU time of a process, from /proc.
 */
import { spawn } from 'node:child_process';
import { freePort } from '../src/store/free-port.js';

/** CPU time (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export async function cpuMsOf(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  try {
    const { readFile } = await import('node:fs/promises');
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 per second)
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

export async function startServer(): Promise<{
  uri: string;
  name: string;
  pid: number | undefined;
  stop: () => Promise<void>;
}> {
  const port = await freePort();
  const heap = process.env.BENCH_HEAP ?? '10g';
  const child = spawn('bash', ['tools/mongo-server/run.sh', '127.0.0.1', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, JAVA_TOOL_OPTIONS: `-Xmx${heap}` },
  });
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mongo-java-server did not start within 180 s')), 180_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const line = chunk.toString();
      if (line.includes('listening')) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => reject(new Error(`mongo-java-server exited with ${code}`)));
  });
  const name = (banner.match(/^(mongo-java-server [\d.]+)/)?.[1] ?? 'mongo-java-server') + ` (in memory, -Xmx${heap})`;
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    name,
    pid: child.pid, // run.sh execs java, so this is the server's own pid
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
