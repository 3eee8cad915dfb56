/**
 * The processes of a fault run: one file-backed mongo-java-server (`npm run mongo -- 127.0.0.1 PORT H2_FILE`) and
 * several real bot processes (`src/main.ts` with tsx), each on its own port with its own stand-in Slack URL. Node is
 * spawned directly (not through npx, which would not pass signals on). Logs go to files under the run's directory;
 * the error lines are counted at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/store/embedded.js';
import { BOT_TOKEN, SIGNING_SECRET, type SlackStandIn } from './slack-standin.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const mainFile = join(root, 'src/main.ts');
const tsxLoader = import.meta.resolve('tsx');

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly logFile: string;
}

/** Every process a run started and that still runs: killed when the driver exits, also when it crashes. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function spawnLogged(name: string, dir: string, command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const logFile = join(dir, `${name}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, exited, logFile };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class MongoProcess {
  proc: Proc | undefined;
  port = 0;
  restarts = 0;

  /** Without an H2 file the server keeps its data in memory. */
  constructor(
    private readonly dir: string,
    private readonly h2File?: string,
  ) {}

  async start(): Promise<void> {
    this.port ||= await freePort();
    const proc = spawnLogged(
      `mongo-${this.restarts}`,
      this.dir,
      'bash',
      [join(root, 'tools/mongo-server/run.sh'), '127.0.0.1', String(this.port), ...(this.h2File ? [this.h2File] : [])],
      process.env,
    );
    this.proc = proc;
    await until(
      () => {
        if (proc.child.exitCode !== null) throw new Error(`mongo-java-server exited: see ${proc.logFile}`);
        try {
          return readFileSync(proc.logFile, 'utf8').includes('listening');
        } catch {
          return false;
        }
      },
      120_000,
      'mongo-java-server start',
    );
  }

  /** A clean stop (SIGTERM: the H2 file is closed properly), as a database restart during maintenance. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.child.exitCode !== null) return;
    proc.child.kill('SIGTERM');
    await proc.exited;
  }

  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.restarts++;
    await this.start();
  }

  uri(db: string): string {
    return `mongodb://127.0.0.1:${this.port}/${db}`;
  }
}

export interface InstanceOptions {
  readonly dir: string;
  readonly mongoUri: string;
  readonly standIn: SlackStandIn;
  readonly env?: Record<string, string>;
  /** Extra node arguments (the soak loads its probe with `--import`). */
  readonly nodeArgs?: readonly string[];
}

export class BotInstance {
  proc: Proc | undefined;
  port = 0;
  starts = 0;
  /** True from spawn until killed; `ready` once /readyz answered. */
  alive = false;
  ready = false;

  constructor(
    readonly name: string,
    private readonly o: InstanceOptions,
  ) {}

  async start(): Promise<void> {
    this.port ||= await freePort();
    this.starts++;
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(SLACK_|MICROSOFT_|TEAMS_|BOT_|WEB_CHAT|PORT|HOST|DEV_CLOCK)/.test(k),
      ),
    );
    const env = {
      ...clean,
      NODE_ENV: 'test',
      MONGODB_URI: this.o.mongoUri,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      INSTANCE_ID: this.name,
      WEB_CHAT: 'off',
      DEV_CLOCK: 'false',
      LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: this.o.standIn.url(this.name),
      SCHEDULER_CRON: '*/2 * * * * *',
      ...this.o.env,
    };
    const proc = spawnLogged(
      this.name,
      this.o.dir,
      process.execPath,
      [...(this.o.nodeArgs ?? []), '--import', tsxLoader, mainFile],
      env,
    );
    this.proc = proc;
    this.alive = true;
    this.ready = false;
    void proc.exited.then(() => {
      if (this.proc === proc) {
        this.alive = false;
        this.ready = false;
      }
    });
    await until(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`${this.name} exited at start: see ${proc.logFile}`);
        try {
          return (await fetch(`http://127.0.0.1:${this.port}/readyz`)).ok;
        } catch {
          return false;
        }
      },
      120_000,
      `${this.name} ready`,
    );
    this.ready = true;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SIGKILL: no stop code runs (an OOM kill, a node lost). */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.child.exitCode !== null) return;
    this.alive = false;
    this.ready = false;
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  /** SIGTERM and wait for the exit code. */
  async terminate(): Promise<number | null> {
    const proc = this.proc;
    if (!proc || proc.child.exitCode !== null) return proc?.child.exitCode ?? null;
    this.ready = false;
    proc.child.kill('SIGTERM');
    const code = await proc.exited;
    this.alive = false;
    return code;
  }
}

export function makeRunDir(base: string): string {
  mkdirSync(base, { recursive: true });
  return base;
}

/** Error-level lines (pino's error and fatal) in a log file, with their messages, for the run's report. */
export function errorLines(logFile: string): string[] {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  // pino writes the level as a label ("error", "fatal") in this project's logs; a number with other settings.
  return text.split('\n').filter((line) => /"level":("error"|"fatal"|5\d|60)/.test(line));
}
