import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { monitorName, rtspWithCredentials, ZoneMinderAdapter } from './zoneminder-adapter.ts';
import { parseZmConf } from './zoneminder-install.ts';
import { zmDateTimeMs } from './zoneminder-api.ts';

describe('ZoneMinderAdapter', () => {
  it('says how to install ZoneMinder when it is missing, and starts nothing', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'camlab-zm-missing-'));
    try {
      const missing = join(workDir, 'zmpkg.pl');
      const adapter = new ZoneMinderAdapter({ requiredPaths: [missing] });
      await expect(
        adapter.open({
          instance: 'hub',
          log: new ObservationLog(),
          clock: systemClock,
          workDir,
          signal: new AbortController().signal,
        }),
      ).rejects.toThrow(
        `ZoneMinder is not installed (${missing} is missing); install it with: apt-get install -y --no-install-recommends zoneminder mariadb-server apache2 libapache2-mod-php`,
      );
      await adapter.close();
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it('names monitors after cameras (and hub instances, where a run has several) and puts the credentials into the RTSP URL, escaped', () => {
    expect(monitorName('slough-001')).toBe('camlab-slough-001');
    expect(monitorName('a.b/c')).toBe('camlab-a_b_c');
    expect(monitorName('oxon-001', 'police')).toBe('camlab-police-oxon-001');
    expect(rtspWithCredentials('rtsp://127.16.7.1:554/stream1', 'hub', 'p@ss:w/rd')).toBe(
      'rtsp://hub:p%40ss%3Aw%2Frd@127.16.7.1:554/stream1',
    );
  });

  it('reads the database settings of zm.conf, later lines winning', () => {
    expect(parseZmConf('# c\nZM_DB_NAME=zm\nZM_DB_USER=zmuser\nZM_DB_PASS=zmpass\nZM_DB_PASS = other \n')).toEqual({
      name: 'zm',
      user: 'zmuser',
      password: 'other',
    });
  });

  it('reads ZoneMinder datetimes as the host’s local time, and refuses anything else', () => {
    expect(zmDateTimeMs('2026-12-06 08:23:00')).toBe(new Date(2026, 11, 6, 8, 23, 0).getTime());
    expect(() => zmDateTimeMs('yesterday')).toThrow(/expected a ZoneMinder datetime/);
  });
});
