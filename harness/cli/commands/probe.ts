import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandArgs } from '../parse-command-args.ts';
import { ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { parseDurationMs } from '../../../simulators/faults/quantities.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { installInterruptHandler } from '../interrupt-handler.ts';
import { noteStep } from '../last-step.ts';
import { probeDevice } from '../../probe/probe-device.ts';
import { probeRunResult } from '../../probe/probe-run-result.ts';
import {
  openXmllintValidator,
  schemaValidationUnavailable,
  type SchemaValidator,
} from '../../probe/schema/schema-validator.ts';
import { camlabVersion } from '../../run/camlab-version.ts';

const usage = `Usage: camlab probe URL --user U --password P [--report DIR] [--timeout 10s] [--schemas DIR] [--json] [--no-discovery]

Checks a real camera (or recorder) against the device side of the specification (CAM-…):
ONVIF core operations and the device clock, digest authentication and the refusals that go
with it, media profiles and stream URIs, RTSP played with ffprobe, snapshot (behind digest),
PTZ (it must move, then stop) and events (one must arrive) where the device declares them,
Media2, a unicast WS-Discovery Probe, and with --schemas every answer against the official
ONVIF schemas. Read-only except a brief PTZ move and stop.

  URL             the ONVIF device service, e.g. http://192.0.2.10/onvif/device_service
  --user U        an ONVIF user of the device
  --password P    its password (or set CAMLAB_PROBE_PASSWORD)
  --report DIR    also write HTML, JUnit, JSON and Markdown reports into DIR
  --timeout T     bound on each request (default 10s); every step ends within a few of these
  --schemas DIR   the official ONVIF WSDL/XSD folder (ver10/, ver20/): validate every answer
                  (needs xmllint from libxml2; without it CAM-SCHEMA-01 is NOT APPLICABLE)
  --json          print the verdicts as JSON instead of a table
  --no-discovery  skip the WS-Discovery Probe (devices across a router do not answer it)

Exit codes: 0 every MUST passed, 1 a MUST failed, 2 bad input, 3 camlab could not run (no ffprobe),
130 interrupted (the first Ctrl-C abandons the running step and still prints the table and
writes the report, marked partial; a second exits at once).`;

export const command: Command = {
  name: 'probe',
  summary: 'check a real camera against the device side of the specification',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        user: { type: 'string' },
        password: { type: 'string' },
        report: { type: 'string' },
        timeout: { type: 'string' },
        schemas: { type: 'string' },
        json: { type: 'boolean' },
        'no-discovery': { type: 'boolean' },
      },
      usage,
    );
    const url = positionals[0];
    if (url === undefined || positionals.length > 1)
      throw new CliError(`expected exactly one device URL\n\n${usage}`, ExitCode.badInput);
    let device: URL;
    try {
      device = new URL(url);
    } catch {
      throw new CliError(
        `'${url}' is not a URL (expected e.g. http://192.0.2.10/onvif/device_service)`,
        ExitCode.badInput,
      );
    }
    if (device.protocol !== 'http:' && device.protocol !== 'https:')
      throw new CliError(`expected an http(s) ONVIF device service URL, got ${device.protocol}`, ExitCode.badInput);
    const password = values.password ?? process.env.CAMLAB_PROBE_PASSWORD;
    if (values.user === undefined || password === undefined)
      throw new CliError('--user and --password (or CAMLAB_PROBE_PASSWORD) are required', ExitCode.badInput);
    const timeoutMs = parseDurationMs(values.timeout ?? '10s');
    if (timeoutMs === undefined || timeoutMs <= 0)
      throw new CliError(
        `--timeout: expected a duration such as 10s or 500ms, got '${values.timeout}'`,
        ExitCode.badInput,
      );
    if (values.schemas !== undefined && !(existsSync(values.schemas) && statSync(values.schemas).isDirectory()))
      throw new CliError(
        `--schemas: '${values.schemas}' is not a folder (expected the ONVIF WSDL/XSD folder holding ver10/ and ver20/)`,
        ExitCode.badInput,
      );
    try {
      if (!existsSync(ffprobePath())) throw new Error(`${ffprobePath()} does not exist`);
    } catch (err) {
      throw new CliError(`cannot play streams without ffprobe: ${(err as Error).message}`, ExitCode.infraError);
    }

    let schemas: SchemaValidator | undefined;
    let schemasAbsentReason: string | undefined;
    if (values.schemas !== undefined) {
      noteStep('probe: preparing the ONVIF schemas');
      const dir = resolve(values.schemas);
      schemasAbsentReason = await schemaValidationUnavailable(dir);
      if (schemasAbsentReason?.includes('is not the ONVIF WSDL/XSD folder'))
        throw new CliError(`--schemas: ${schemasAbsentReason}`, ExitCode.badInput);
      if (schemasAbsentReason === undefined) {
        try {
          schemas = await openXmllintValidator(dir);
        } catch (err) {
          schemasAbsentReason = `the schemas in ${dir} could not be prepared: ${(err as Error).message}`;
        }
      }
    }

    const log = new ObservationLog();
    const startMs = systemClock.now();
    const controller = new AbortController();
    const removeInterrupt = installInterruptHandler(controller, (line) => process.stderr.write(`${line}\n`));
    let notes: string[];
    let interrupted: boolean;
    try {
      ({ notes, interrupted } = await probeDevice({
        url,
        user: values.user,
        password,
        log,
        clock: systemClock,
        timeoutMs,
        discovery: !values['no-discovery'],
        ...(schemas !== undefined ? { schemas } : {}),
        ...(schemasAbsentReason !== undefined ? { schemasAbsentReason } : {}),
        onStep: (s) => noteStep(`probe step ${s} against ${url}`),
        signal: controller.signal,
      }));
    } finally {
      removeInterrupt();
      await schemas?.close();
    }
    noteStep('probe: judging and reporting');
    const partialReason = interrupted ? `interrupted: ${String(controller.signal.reason)}` : undefined;
    const result = probeRunResult({
      url,
      label: url,
      camlabVersion: camlabVersion(),
      startMs,
      endMs: systemClock.now(),
      // The whole probe: one device's exchanges, far below the log's memory budget, and this log has no spill.
      observations: log.all(),
      notes,
      ...(partialReason !== undefined ? { partialReason } : {}),
    });

    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ specVersion: result.specVersion, status: result.status, ...(partialReason !== undefined ? { partialReason } : {}), summary: result.summary, notes, verdicts: result.verdicts }, null, 2)}\n`,
      );
    } else {
      const lines = [
        `camlab probe ${url} — specification ${result.specVersion}${partialReason !== undefined ? ` — PARTIAL (${partialReason}; steps not run are NOT EXERCISED)` : ''}`,
        '',
      ];
      for (const v of result.verdicts)
        lines.push(`${v.verdict.padEnd(14)} ${v.id.padEnd(14)} ${v.level.padEnd(6)} ${v.title} — ${v.message}`);
      const s = result.summary;
      lines.push(
        '',
        `${s.pass} passed, ${s.fail} failed (${s.mustFailed} MUST), ${s.notExercised} not exercised, ${s.notApplicable} not applicable`,
      );
      if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (values.report !== undefined) {
      // Loaded only when asked: reports/ renders a finished result.
      const { writeReports } = await import('../../../reports/write-reports.ts');
      const paths = await writeReports(result, values.report);
      process.stdout.write(`report: ${paths.html}\n`);
    }
    if (interrupted) return ExitCode.interrupted;
    return result.summary.mustFailed > 0 ? ExitCode.verdictFailed : ExitCode.ok;
  },
};
