import { parseCommandArgs } from '../parse-command-args.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { parseDurationMs } from '../../../simulators/faults/quantities.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { probeDevice } from '../../probe/probe-device.ts';
import { probeRunResult } from '../../probe/probe-run-result.ts';
import { camlabVersion } from '../../run/camlab-version.ts';

const usage = `Usage: camlab probe URL --user U --password P [--report DIR] [--timeout 10s] [--json] [--no-discovery]

Checks a real camera (or recorder) against the device side of the specification (CAM-…):
ONVIF core operations, digest authentication and the refusals that go with it, media profiles
and stream URIs, RTSP played with ffprobe, snapshot, PTZ and events where the device declares
them, Media2, and a unicast WS-Discovery Probe. Read-only except a brief PTZ move and stop.

  URL             the ONVIF device service, e.g. http://192.0.2.10/onvif/device_service
  --user U        an ONVIF user of the device
  --password P    its password (or set CAMLAB_PROBE_PASSWORD)
  --report DIR    also write HTML, JUnit, JSON and Markdown reports into DIR
  --timeout T     bound on each request (default 10s)
  --json          print the verdicts as JSON instead of a table
  --no-discovery  skip the WS-Discovery Probe (devices across a router do not answer it)

Exit codes: 0 every MUST passed, 1 a MUST failed, 2 bad input.`;

export const command: Command = {
  name: 'probe',
  summary: 'check a real camera against the device side of the specification',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { user: { type: 'string' }, password: { type: 'string' }, report: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' }, 'no-discovery': { type: 'boolean' } },
      usage,
    );
    const url = positionals[0];
    if (url === undefined || positionals.length > 1) throw new CliError(`expected exactly one device URL\n\n${usage}`, ExitCode.badInput);
    let device: URL;
    try {
      device = new URL(url);
    } catch {
      throw new CliError(`'${url}' is not a URL (expected e.g. http://192.0.2.10/onvif/device_service)`, ExitCode.badInput);
    }
    if (device.protocol !== 'http:' && device.protocol !== 'https:') throw new CliError(`expected an http(s) ONVIF device service URL, got ${device.protocol}`, ExitCode.badInput);
    const password = values.password ?? process.env.CAMLAB_PROBE_PASSWORD;
    if (values.user === undefined || password === undefined) throw new CliError('--user and --password (or CAMLAB_PROBE_PASSWORD) are required', ExitCode.badInput);
    const timeoutMs = parseDurationMs(values.timeout ?? '10s');
    if (timeoutMs === undefined || timeoutMs <= 0) throw new CliError(`--timeout: expected a duration such as 10s or 500ms, got '${values.timeout}'`, ExitCode.badInput);

    const log = new ObservationLog();
    const startMs = systemClock.now();
    await probeDevice({ url, user: values.user, password, log, clock: systemClock, timeoutMs, discovery: !values['no-discovery'] });
    const result = probeRunResult({ url, label: url, camlabVersion: camlabVersion(), startMs, endMs: systemClock.now(), observations: log.all() });

    if (values.json) {
      process.stdout.write(`${JSON.stringify({ specVersion: result.specVersion, summary: result.summary, verdicts: result.verdicts }, null, 2)}\n`);
    } else {
      const lines = [`camlab probe ${url} — specification ${result.specVersion}`, ''];
      for (const v of result.verdicts) lines.push(`${v.verdict.padEnd(14)} ${v.id.padEnd(14)} ${v.level.padEnd(6)} ${v.title} — ${v.message}`);
      const s = result.summary;
      lines.push('', `${s.pass} passed, ${s.fail} failed (${s.mustFailed} MUST), ${s.notExercised} not exercised, ${s.notApplicable} not applicable`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (values.report !== undefined) {
      // Loaded only when asked: reports/ renders a finished result.
      const { writeReports } = await import('../../../reports/write-reports.ts');
      const paths = await writeReports(result, values.report);
      process.stdout.write(`report: ${paths.html}\n`);
    }
    return result.summary.mustFailed > 0 ? ExitCode.verdictFailed : ExitCode.ok;
  },
};
