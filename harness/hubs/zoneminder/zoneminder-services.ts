import { execFile, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { HubProcess } from '../process/hub-process.ts';
import { apacheConfig } from './zoneminder-apache-config.ts';
import { ZoneMinderApi } from './zoneminder-api.ts';
import { assertSqlSafe, readZmDbConfig, zoneminderPaths as paths } from './zoneminder-install.ts';
import { processAlive } from '../process/process-alive.ts';

const run = promisify(execFile);

export interface ZoneMinderServicesOptions {
  /** Folder for the generated Apache configuration and its logs. */
  dir: string;
  /** Loopback port Apache serves /zm on when camlab starts it. */
  port: number;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** A service camlab started died on its own. */
  crashed: (error: Error) => void;
  /** Where zm_rtsp_server restreams the monitors (ZM_MIN_RTSP_PORT), set while camlab runs ZoneMinder. */
  rtspPort?: number;
}

/** How long each service may take to come up (MariaDB's first start, ZoneMinder's daemons). */
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 250;

/**
 * ZoneMinder's three parts, started without systemd when they are not already running: MariaDB on
 * its socket only (--skip-networking), Apache on 127.0.0.1 only (a generated configuration), and
 * ZoneMinder's daemons (zmpkg.pl start). The database is created from the package's
 * zm_create.sql, with the grant for the user /etc/zm/zm.conf names, when it is not there yet.
 * stop() stops exactly what start() started: MariaDB and Apache by their process groups,
 * ZoneMinder with zmpkg.pl stop and then its zmdc.pl by PID if it is still there.
 */
export class ZoneMinderServices {
  private mariadb: HubProcess | undefined;
  private apache: HubProcess | undefined;
  private zmdcPid: number | undefined;
  /** The running MariaDB, Apache and zmdc.pl, whoever started them, where their PID files say. */
  private readonly runningPids: number[] = [];
  /** ZM_MIN_RTSP_PORT before camlab set it, put back at stop. */
  private previousRtspPort: string | undefined;
  private dbName = 'zm';
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly api: ZoneMinderApi,
    private readonly options: ZoneMinderServicesOptions,
  ) {}

  static async start(options: ZoneMinderServicesOptions): Promise<ZoneMinderServices> {
    const services = new ZoneMinderServices(new ZoneMinderApi(`http://127.0.0.1:${options.port}/zm/api`), options);
    try {
      await services.startAll();
    } catch (err) {
      await services.stop();
      throw err;
    }
    return services;
  }

  /** What camlab started itself (for the report). */
  started(): string[] {
    return [
      ...(this.mariadb !== undefined ? [`MariaDB (pid ${this.mariadb.pid})`] : []),
      ...(this.apache !== undefined ? [`Apache (pid ${this.apache.pid})`] : []),
      ...(this.zmdcPid !== undefined ? [`zmdc.pl (pid ${this.zmdcPid})`] : []),
    ];
  }

  /** The processes ZoneMinder runs on, for the hub's CPU (`camlab load`). */
  processIds(): readonly number[] {
    return this.runningPids;
  }

  private async startAll(): Promise<void> {
    const { log } = this.options;
    if (!(await mysqlAnswers())) {
      await run('install', ['-d', '-o', 'mysql', '-g', 'mysql', '/run/mysqld']);
      this.mariadb = this.watch(
        new HubProcess(
          'mariadb',
          paths.mariadbd,
          ['--user=mysql', '--skip-networking', `--socket=${paths.mysqlSocket}`],
          { cwd: this.options.dir },
        ),
      );
      await until('MariaDB answering on its socket', mysqlAnswers, () => this.mariadb?.stderrTail() ?? '');
      log('info', `started MariaDB on ${paths.mysqlSocket} (no TCP), pid ${this.mariadb.pid}`);
    }
    await this.ensureDatabase();
    if (!(await this.apiAnswers())) {
      const apacheDir = join(this.options.dir, 'apache');
      await mkdir(apacheDir, { recursive: true });
      const conf = join(apacheDir, 'httpd.conf');
      await writeFile(
        conf,
        apacheConfig({
          port: this.options.port,
          dir: apacheDir,
          zoneminderConf: paths.apacheConf,
          modulesDir: paths.apacheModules,
          user: 'www-data',
          group: 'www-data',
        }),
      );
      this.apache = this.watch(
        new HubProcess('apache', paths.apache, ['-f', conf, '-D', 'FOREGROUND'], { cwd: apacheDir }),
      );
      await until(
        `ZoneMinder's API at ${this.api.baseUrl}`,
        () => this.apiAnswers(),
        async () =>
          `${this.apache?.stderrTail() ?? ''} ${(await readFile(join(apacheDir, 'error.log'), 'utf8').catch(() => '')).slice(-600)}`,
      );
      log('info', `started Apache on 127.0.0.1:${this.options.port}, pid ${this.apache.pid}`);
    }
    const rtspPort = this.options.rtspPort;
    if (!(await zoneminderRunning())) {
      if (rtspPort !== undefined) {
        // zmpkg.pl starts zm_rtsp_server only when ZM_MIN_RTSP_PORT is set.
        this.previousRtspPort = await this.configValue('ZM_MIN_RTSP_PORT');
        await this.setConfigValue('ZM_MIN_RTSP_PORT', String(rtspPort));
      }
      await run('install', ['-d', '-o', 'www-data', '-g', 'www-data', paths.zmRunDir]);
      // A session of its own, as MariaDB's and Apache's: the daemons it leaves running are the hub, not camlab
      // (with the kernel's autogroups CPU is shared between sessions, and `camlab load` reads them apart).
      await run('setsid', [paths.zmpkg, 'start'], { timeout: READY_TIMEOUT_MS });
      this.zmdcPid = Number((await readFile(paths.zmdcPid, 'utf8')).trim());
      log('info', `started ZoneMinder (zmpkg.pl start), zmdc.pl pid ${this.zmdcPid}`);
    } else if (rtspPort !== undefined && (await this.configValue('ZM_MIN_RTSP_PORT')) !== String(rtspPort)) {
      log(
        'warn',
        `ZoneMinder was already running with ZM_MIN_RTSP_PORT not ${rtspPort}: its restream will not be found there`,
      );
    }
    const pidFromFile = async (file: string): Promise<number[]> => {
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      return Number.isInteger(pid) && pid > 0 ? [pid] : [];
    };
    this.runningPids.push(
      ...(this.mariadb?.pid !== undefined ? [this.mariadb.pid] : await pidFromFile(paths.mysqlPid)),
      ...(this.apache?.pid !== undefined ? [this.apache.pid] : []),
      ...(await pidFromFile(paths.zmdcPid)),
    );
  }

  private async configValue(name: string): Promise<string> {
    const { stdout } = await run(paths.mysql, [
      '-N',
      '-e',
      `SELECT Value FROM ${this.dbName}.Config WHERE Name='${assertSqlSafe(name, 'config name')}'`,
    ]);
    return stdout.trim();
  }

  private async setConfigValue(name: string, value: string): Promise<void> {
    const v = value === '' ? '' : assertSqlSafe(value, name);
    await run(paths.mysql, [
      '-e',
      `UPDATE ${this.dbName}.Config SET Value='${v}' WHERE Name='${assertSqlSafe(name, 'config name')}'`,
    ]);
  }

  /** The package cannot create its database without a running server; camlab does it once. */
  private async ensureDatabase(): Promise<void> {
    // ZoneMinder's web side runs as www-data and must read the credentials (README.Debian).
    await run('chgrp', ['www-data', paths.zmConf]);
    const db = await readZmDbConfig();
    const name = assertSqlSafe(db.name, 'ZM_DB_NAME');
    this.dbName = name;
    const { stdout } = await run(paths.mysql, [
      '-N',
      '-e',
      `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='${name}' AND table_name='Config'`,
    ]);
    if (stdout.trim() !== '0') return;
    await new Promise<void>((resolve, reject) => {
      const mysql = spawn(paths.mysql, [], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      mysql.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      mysql.once('error', reject);
      mysql.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`mysql < ${paths.createSql} exited ${code}: ${err.slice(-500)}`)),
      );
      createReadStream(paths.createSql).pipe(mysql.stdin);
    });
    const user = assertSqlSafe(db.user, 'ZM_DB_USER');
    const password = assertSqlSafe(db.password, 'ZM_DB_PASS');
    await run(paths.mysql, [
      '-e',
      `GRANT ALL PRIVILEGES ON ${name}.* TO '${user}'@'localhost' IDENTIFIED BY '${password}'; FLUSH PRIVILEGES;`,
    ]);
    this.options.log(
      'info',
      `created ZoneMinder's database '${name}' from ${paths.createSql} and granted it to '${user}'`,
    );
  }

  private async apiAnswers(): Promise<boolean> {
    try {
      await this.api.version();
      return true;
    } catch {
      return false;
    }
  }

  private watch(process: HubProcess): HubProcess {
    process.child.on('exit', (code, signal) => {
      if (process.stopped) return;
      this.options.crashed(
        new Error(
          `${process.label} exited unexpectedly (code ${code ?? 'none'}, signal ${signal ?? 'none'}): ${process.stderrTail()}`,
        ),
      );
    });
    return process;
  }

  /** Stops what start() started, ZoneMinder first (its daemons use the database). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.runningPids.length = 0;
    if (this.zmdcPid !== undefined) {
      await run(paths.zmpkg, ['stop'], { timeout: READY_TIMEOUT_MS }).catch((err: Error) =>
        this.options.log('warn', `zmpkg.pl stop: ${err.message}`),
      );
      await stopPid(this.zmdcPid);
    }
    if (this.previousRtspPort !== undefined) {
      await this.setConfigValue('ZM_MIN_RTSP_PORT', this.previousRtspPort).catch((err: Error) =>
        this.options.log('warn', `putting ZM_MIN_RTSP_PORT back: ${err.message}`),
      );
    }
    await this.apache?.stop();
    await this.mariadb?.stop();
  }
}

async function mysqlAnswers(): Promise<boolean> {
  try {
    await run(paths.mysql, ['-N', '-e', 'SELECT 1'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** `zmdc.pl check` prints 'running' or 'stopped'. */
async function zoneminderRunning(): Promise<boolean> {
  const out = await run(paths.zmdc, ['check'], { timeout: 15_000 }).then(
    (r) => r.stdout,
    () => 'stopped',
  );
  return out.trim() === 'running';
}

/** SIGTERM, then SIGKILL after 10 s, of one PID that zmpkg.pl stop left behind. */
async function stopPid(pid: number): Promise<void> {
  if (!processAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && processAlive(pid); waited += READY_POLL_MS) await sleep(READY_POLL_MS);
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function until(
  what: string,
  ready: () => Promise<boolean>,
  detail: () => string | Promise<string>,
): Promise<void> {
  for (let waited = 0; waited < READY_TIMEOUT_MS; waited += READY_POLL_MS) {
    if (await ready()) return;
    await sleep(READY_POLL_MS);
  }
  throw new Error(
    `ZoneMinder: ${what} did not come up within ${READY_TIMEOUT_MS / 1000} s: ${(await detail()).trim()}`,
  );
}
