import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandArgs } from '../parse-command-args.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { InputError } from '../../../simulators/config/yaml-document.ts';
import { defaultReportsDir, renderMarkdownSummary, writeReports } from '../../../reports/write-reports.ts';
import { clockText, eventLine } from '../../demo/demo-progress.ts';
import { demoScenarioFile, demoSpeed } from '../../demo/demo-scenario.ts';
import { runScenario } from '../../runner/run-scenario.ts';
import { defaultRunDeps } from '../../runner/default-run-deps.ts';
import { defaultScenarioContext } from '../../scenario/default-scenario-context.ts';
import { speedSchema } from '../../scenario/duration.ts';
import { loadScenario } from '../../scenario/load-scenario.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { installInterruptHandler } from '../interrupt-handler.ts';

const usage = `Usage: camlab demo [options]     (npm start runs this)

The Milton Keynes go-live rehearsal, end to end, with nothing to set up: two dozen emulated
cameras over three sites (Milton Keynes, Slough, Oxfordshire), node-media-server as the
police and council control rooms' hub, and scenarios/go-live-rehearsal.yaml — soak, a power
cut, a frozen stream, PTZ, a degraded uplink, a reboot and Oxfordshire's handover — played
at ${demoSpeed}x (about two minutes). Prints progress as it runs, then the verdict summary and the
path of the HTML report.

  --speed X     play faster or slower than ${demoSpeed}x (hub timing is still judged in real time)
  --report DIR  where to write the reports (default ${defaultReportsDir}/go-live-rehearsal-TIMESTAMP)

Exits 0 once the rehearsal has run, whatever the verdicts (\`camlab run\` is the gate);
3 when it could not run, 130 when interrupted.`;

export const command: Command = {
  name: 'demo',
  summary: 'the go-live rehearsal demo on the embedded hub (= npm start)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { speed: { type: 'string' }, report: { type: 'string' } }, usage, false);
    let speed = demoSpeed;
    if (values.speed !== undefined) {
      const parsed = speedSchema.safeParse(values.speed);
      if (!parsed.success) throw new CliError(`--speed: ${parsed.error.issues[0]!.message}`, ExitCode.badInput);
      speed = parsed.data;
    }
    let loaded;
    try {
      loaded = await loadScenario(demoScenarioFile, defaultScenarioContext(), { speed });
    } catch (err) {
      // The shipped scenario failing validation is camlab's fault, not the user's input.
      if (err instanceof InputError) throw new CliError(`the demo scenario does not load:\n${err.message}`, ExitCode.infraError);
      throw err;
    }
    const { plan } = loaded;
    const say = (line: string): void => void process.stdout.write(`${line}\n`);
    const totalMs = plan.durationMs / speed;
    say(`camlab demo — ${loaded.scenario.description ?? plan.scenario}`);
    say(`${plan.cameras.length} cameras on ${plan.sites.map((s) => `${s.name} (${s.cameras.length})`).join(', ')}`);
    say(`hubs: ${plan.hubs.map((h) => `${h.instance} = ${h.adapter} monitoring ${h.sites.join(', ') || 'nothing yet'}`).join('; ')}`);
    say(`timeline: ${plan.steps.length} steps over ${clockText(plan.durationMs)} of scenario time at ${speed}x, about ${clockText(totalMs)} here`);
    say('');

    const reportDir = values.report ?? join(defaultReportsDir, `${plan.scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const workDir = await mkdtemp(join(tmpdir(), 'camlab-demo-'));
    const controller = new AbortController();
    const removeInterrupt = installInterruptHandler(controller, (line) => process.stderr.write(`${line}\n`));
    const startedMs = systemClock.now();
    let playingFromMs: number | undefined;
    const progress = () => ({ elapsedMs: playingFromMs === undefined ? 0 : systemClock.now() - playingFromMs, totalMs });
    try {
      const { result, exitCode } = await runScenario(
        {
          loaded,
          signal: controller.signal,
          onPhase: (text) => {
            if (text.startsWith('playing the timeline')) playingFromMs = systemClock.now();
            say(`${clockText(systemClock.now() - startedMs)} ${text}`);
          },
          onEvent: (e) => say(eventLine(e, systemClock.now() - startedMs, progress())),
        },
        defaultRunDeps({ workDir }),
      );
      let paths;
      try {
        paths = await writeReports(result, reportDir);
      } catch (err) {
        throw new CliError(`could not write the reports to ${reportDir}: ${(err as Error).message}`, ExitCode.infraError);
      }
      say('');
      say(renderMarkdownSummary(result));
      say('');
      say(`${result.status === 'partial' ? `PARTIAL report (${result.partialReason ?? 'interrupted'})` : 'HTML report'}: ${paths.html}`);
      say(`JUnit ${paths.junit} · JSON ${paths.json}`);
      // The demo shows a hub's verdicts; only a run that could not complete is a failure here.
      if (exitCode === ExitCode.interrupted || exitCode === ExitCode.infraError) return exitCode;
      return ExitCode.ok;
    } finally {
      removeInterrupt();
      await rm(workDir, { recursive: true, force: true });
    }
  },
};
