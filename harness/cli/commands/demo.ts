import { parseCommandArgs } from '../parse-command-args.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { InputError } from '../../../simulators/config/yaml-document.ts';
import { defaultReportsDir, renderMarkdownSummary } from '../../../reports/write-reports.ts';
import { clockText, eventLine } from '../../demo/demo-progress.ts';
import { demoProfileFile, demoScenarioFile, demoSpeed } from '../../demo/demo-scenario.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import { defaultScenarioContext } from '../../scenario/default-scenario-context.ts';
import { hubInstances } from '../../scenario/hub-instances.ts';
import { loadScenario } from '../../scenario/load-scenario.ts';
import { specification } from '../../spec/specification.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { speedOption } from '../number-option.ts';
import { reportDirFor, runAndReport } from '../run-and-report.ts';
import { profileOption, userInput, withProvenance } from '../run-inputs.ts';
import { checkHubAdapterRef, isAdapterFile } from '../../hubs/registry.ts';
import { resolve } from 'node:path';

const usage = `Usage: camlab demo [options]     (npm start runs this)

The Milton Keynes go-live rehearsal, end to end, with nothing to set up: two dozen emulated
cameras over three sites (Milton Keynes, Slough, Oxfordshire), node-media-server as the
police and council control rooms' hub, and scenarios/go-live-rehearsal.yaml — soak, a power
cut, a frozen stream, PTZ, a degraded uplink, a reboot and Oxfordshire's handover — played
at ${demoSpeed}x (about two minutes). Prints progress as it runs, then the verdict summary and the
path of the HTML report.

  --hub NAME|FILE the hub both control rooms run (default: node-media-server, the scenario's);
                  e.g. --hub zoneminder where ZoneMinder is installed (one ZoneMinder serves
                  both control rooms, each with monitors of its own), --hub motion
  --speed X       play faster or slower than ${demoSpeed}x (hub timing is still judged in real time)
  --report DIR    where to write the reports (default ${defaultReportsDir}/go-live-rehearsal-TIMESTAMP)
  --profile FILE  the procurement profile to judge with (default scenarios/profiles/demo.yaml,
                  which waives only node-media-server's missing PTZ, each waiver with its reason)

Exits 0 once the rehearsal has run, whatever the verdicts (\`camlab run\` is the gate);
3 when it could not run, 130 when interrupted.`;

export const command: Command = {
  name: 'demo',
  summary: 'the go-live rehearsal demo on the embedded hub (= npm start)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      { speed: { type: 'string' }, report: { type: 'string' }, profile: { type: 'string' }, hub: { type: 'string' } },
      usage,
      false,
    );
    const speed = speedOption(values.speed) ?? demoSpeed;
    // An adapter file is relative to where the user stands, as for camlab run.
    const hub = values.hub === undefined ? undefined : isAdapterFile(values.hub) ? resolve(values.hub) : values.hub;
    if (hub !== undefined) await userInput(() => checkHubAdapterRef(hub, process.cwd()));
    let loaded;
    let profile;
    try {
      loaded = await loadScenario(demoScenarioFile, defaultScenarioContext(), {
        speed,
        ...(hub !== undefined ? { hub } : {}),
      });
      profile =
        values.profile === undefined ? await loadProfile(demoProfileFile, specification.requirements) : undefined;
    } catch (err) {
      // The shipped scenario or profile failing validation is camlab's fault, not the user's input.
      if (err instanceof InputError)
        throw new CliError(`the demo scenario or profile does not load:\n${err.message}`, ExitCode.infraError);
      throw err;
    }
    profile ??= await profileOption(values.profile);
    const { plan } = loaded;
    const say = (line: string): void => void process.stdout.write(`${line}\n`);
    const totalMs = plan.durationMs / speed;
    say(`camlab demo — ${loaded.scenario.description ?? plan.scenario}`);
    say(`${plan.cameras.length} cameras on ${plan.sites.map((s) => `${s.name} (${s.cameras.length})`).join(', ')}`);
    say(
      `hubs: ${plan.hubs.map((h) => `${h.instance} = ${h.adapter} monitoring ${h.sites.join(', ') || 'nothing yet'}`).join('; ')}`,
    );
    say(
      `timeline: ${plan.steps.length} steps over ${clockText(plan.durationMs)} of scenario time at ${speed}x, about ${clockText(totalMs)} here`,
    );
    if (profile !== undefined) say(`procurement profile: ${profile.profile.name} (${profile.file})`);
    say('');

    const startedMs = systemClock.now();
    let playingFromMs: number | undefined;
    const progress = () => ({
      elapsedMs: playingFromMs === undefined ? 0 : systemClock.now() - playingFromMs,
      totalMs,
    });
    const { result, paths, exitCode } = await runAndReport({
      input: await withProvenance(
        loaded,
        profile,
        hubInstances(loaded.scenario).map((h) => h.adapter),
      ),
      reportDir: reportDirFor(plan.scenario, values.report),
      onPhase: (text) => {
        if (text.startsWith('playing the timeline')) playingFromMs = systemClock.now();
        say(`${clockText(systemClock.now() - startedMs)} ${text}`);
      },
      onEvent: (e) => say(eventLine(e, systemClock.now() - startedMs, progress())),
    });
    say('');
    say(renderMarkdownSummary(result));
    say('');
    say(
      `${result.status === 'partial' ? `PARTIAL report (${result.partialReason ?? 'interrupted'})` : 'HTML report'}: ${paths.html}`,
    );
    say(`JUnit ${paths.junit} · JSON ${paths.json} (SHA-256 ${paths.resultSha256})`);
    // The demo shows a hub's verdicts; only a run that could not complete is a failure here.
    if (exitCode === ExitCode.interrupted || exitCode === ExitCode.infraError) return exitCode;
    return ExitCode.ok;
  },
};
