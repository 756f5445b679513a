import type { LoadSummary } from '../run-result.ts';
import { escapeXml } from './escape-xml.ts';

export interface LoadThresholdCase {
  xml: string;
  failed: boolean;
  skipped: boolean;
}

function measuredText(measured: number | undefined): string {
  return measured === undefined
    ? 'not measured'
    : `measured ${Number.isInteger(measured) ? measured : measured.toFixed(4)}`;
}

/**
 * `camlab load`'s thresholds as JUnit cases, one per stage and threshold (classname
 * LOAD-THRESHOLD), as k6 reports its thresholds: a failed one is <failure type="THRESHOLD">, one
 * on a SIMULATOR-LIMITED stage is <skipped> with camlab's reasons, an unmeasured one <skipped>.
 */
export function loadThresholdCases(load: LoadSummary): LoadThresholdCase[] {
  return load.stages.flatMap((s) =>
    s.thresholds.map((t) => {
      const open = `    <testcase classname="LOAD-THRESHOLD" name="${escapeXml(`stage ${s.index + 1} (${s.cameras} cameras): ${t.threshold}`)}" time="0"`;
      switch (t.result) {
        case 'pass':
          return { xml: `${open}/>`, failed: false, skipped: false };
        case 'fail':
          return {
            xml: `${open}>\n      <failure type="THRESHOLD" message="${escapeXml(`${t.threshold} failed: ${measuredText(t.measured)}`)}"/>\n    </testcase>`,
            failed: true,
            skipped: false,
          };
        case 'not judged':
          return {
            xml: `${open}>\n      <skipped message="${escapeXml(`SIMULATOR-LIMITED, not judged: ${s.simulatorLimited.join('; ')}`)}"/>\n    </testcase>`,
            failed: false,
            skipped: true,
          };
        case 'not measured':
          return {
            xml: `${open}>\n      <skipped message="not measured in this stage"/>\n    </testcase>`,
            failed: false,
            skipped: true,
          };
      }
    }),
  );
}
