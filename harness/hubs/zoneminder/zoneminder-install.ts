import { access, constants, readFile } from 'node:fs/promises';

/** What the Debian package installs, and what camlab needs to run it without systemd. */
export const zoneminderPaths = {
  zmpkg: '/usr/bin/zmpkg.pl',
  zmdc: '/usr/bin/zmdc.pl',
  probe: '/usr/bin/zmonvif-probe.pl',
  zmConf: '/etc/zm/zm.conf',
  createSql: '/usr/share/zoneminder/db/zm_create.sql',
  apacheConf: '/etc/apache2/conf-available/zoneminder.conf',
  apache: '/usr/sbin/apache2',
  apacheModules: '/usr/lib/apache2/modules',
  mariadbd: '/usr/sbin/mariadbd',
  mysql: '/usr/bin/mysql',
  mysqlSocket: '/run/mysqld/mysqld.sock',
  /** Debian's 50-server.cnf names it. */
  mysqlPid: '/run/mysqld/mysqld.pid',
  /** zmdc.pl writes its PID here; ZoneMinder's run directory (systemd's tmpfiles make it elsewhere). */
  zmRunDir: '/run/zm',
  zmdcPid: '/run/zm/zm.pid',
} as const;

export const zoneminderInstallHint =
  'apt-get install -y --no-install-recommends zoneminder mariadb-server apache2 libapache2-mod-php';

/** The files camlab runs ZoneMinder with (the four packages of the install line). */
export const zoneminderRequiredPaths: readonly string[] = [
  zoneminderPaths.zmpkg,
  zoneminderPaths.zmConf,
  zoneminderPaths.createSql,
  zoneminderPaths.apache,
  zoneminderPaths.mariadbd,
  zoneminderPaths.mysql,
  `${zoneminderPaths.apacheModules}/libphp8.2.so`,
];

/** The first required file missing, or undefined when all are there. */
export async function zoneminderMissing(
  required: readonly string[] = zoneminderRequiredPaths,
): Promise<string | undefined> {
  for (const path of required) {
    try {
      await access(path, constants.R_OK);
    } catch {
      return path;
    }
  }
  return undefined;
}

export async function zoneminderAvailable(): Promise<boolean> {
  return (await zoneminderMissing()) === undefined;
}

/** The database settings of /etc/zm/zm.conf (KEY=value lines; later lines win, as ZoneMinder reads them). */
export interface ZmDbConfig {
  name: string;
  user: string;
  password: string;
}

export function parseZmConf(text: string): ZmDbConfig {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(ZM_[A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m !== null) values.set(m[1]!, m[2]!);
  }
  return {
    name: values.get('ZM_DB_NAME') ?? 'zm',
    user: values.get('ZM_DB_USER') ?? 'zmuser',
    password: values.get('ZM_DB_PASS') ?? 'zmpass',
  };
}

export async function readZmDbConfig(path: string = zoneminderPaths.zmConf): Promise<ZmDbConfig> {
  return parseZmConf(await readFile(path, 'utf8'));
}

/** SQL names and passwords go into statements quoted; refuse anything that would need escaping. */
export function assertSqlSafe(value: string, what: string): string {
  if (!/^[\w.-]+$/.test(value))
    throw new Error(
      `/etc/zm/zm.conf: ${what} '${value}' has characters camlab will not put into SQL; expected letters, digits, '.', '_' or '-'`,
    );
  return value;
}
