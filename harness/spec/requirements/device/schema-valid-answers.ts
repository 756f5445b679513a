import type { ProbeResultObservation } from '../../../../simulators/observations/observation.ts';
import type { Evidence, Requirement } from '../../requirement.ts';
import { failed, notApplicable, notExercised, passed } from '../../evidence/outcomes.ts';

export const camSchemaValidAnswers: Requirement<Record<string, never>> = {
  id: 'CAM-SCHEMA-01',
  area: 'DEVICE',
  title: 'Answers are valid against the official ONVIF schemas',
  rationale:
    'Hubs are built from the ONVIF WSDLs; an answer with a missing element, a wrong type or an element in the wrong place breaks some client somewhere. Checked per operation against the schemas ONVIF publishes (camlab probe --schemas DIR).',
  level: 'SHOULD',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [{ source: 'ONVIF Core Specification', feature: 'Service definitions (WSDL and XML Schema)' }],
  check(ctx) {
    const results = ctx.observations.filter(
      (o): o is ProbeResultObservation =>
        o.kind === 'probe.result' && (o.step === 'schema' || o.step.startsWith('schema.')),
    );
    const overall = results.find((r) => r.step === 'schema');
    if (overall?.outcome === 'unsupported') return notApplicable(overall.detail);
    const evidence = (r: ProbeResultObservation): Evidence => ({
      camera: r.camera,
      atMs: r.atMs,
      text: `${r.step}: ${r.detail}`,
    });
    const failures = results.filter((r) => r.outcome === 'failed').map(evidence);
    const valid = results.filter((r) => r.step !== 'schema' && r.outcome === 'ok').map(evidence);
    const unchecked = results
      .filter((r) => r.step !== 'schema' && r.outcome === 'unsupported')
      .map((r) => r.step.slice('schema.'.length));
    const measurement = {
      name: 'operations answered with schema-invalid XML',
      value: failures.length,
      unit: 'count' as const,
      threshold: 0,
      op: '<=' as const,
    };
    const notChecked =
      unchecked.length > 0 ? `; not checked (no schema in the ONVIF folder): ${unchecked.join(', ')}` : '';
    if (failures.length > 0)
      return failed(
        `${failures.length} operation(s) answered schema-invalid XML: ${failures[0]!.text}${notChecked}`,
        measurement,
        [...failures, ...valid],
      );
    if (valid.length === 0) return notExercised(`no answer was validated against the schemas${notChecked}`);
    return passed(
      `the answers to ${valid.length} operation(s) are valid against the ONVIF schemas${notChecked}`,
      measurement,
      valid,
    );
  },
};
