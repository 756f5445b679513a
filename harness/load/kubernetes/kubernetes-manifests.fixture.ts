import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** The manifests as Kubernetes reads them, one object per YAML document. */
export function manifests(): Record<string, unknown>[] {
  return ['camlab-sim.yaml', 'camlab-run-job.yaml', 'camlab-load-job.yaml'].flatMap((file) =>
    parseAllDocuments(readFileSync(new URL(file, import.meta.url), 'utf8')).map(
      (d) => d.toJS() as Record<string, unknown>,
    ),
  );
}
