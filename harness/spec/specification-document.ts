import type { ParamDef, Requirement } from './requirement.ts';

/** The specification as data a tool can read: everything but the check functions. */
export interface SpecificationDocument {
  version: string;
  requirements: {
    id: string;
    area: Requirement['area'];
    side: Requirement['side'];
    level: Requirement['level'];
    title: string;
    rationale: string;
    params: Record<string, ParamDef>;
    needs: { observations: string[]; capabilities: string[] };
    traces: Requirement['traces'][number][];
  }[];
}

export function specificationDocument(spec: {
  version: string;
  requirements: readonly Requirement[];
}): SpecificationDocument {
  return {
    version: spec.version,
    requirements: spec.requirements.map((r) => ({
      id: r.id,
      area: r.area,
      side: r.side,
      level: r.level,
      title: r.title,
      rationale: r.rationale,
      params: Object.fromEntries(Object.entries(r.params).map(([k, p]) => [k, { ...p }])),
      needs: { observations: [...r.needs.observations], capabilities: [...r.needs.capabilities] },
      traces: r.traces.map((t) => ({ ...t })),
    })),
  };
}

function paramText(name: string, p: ParamDef): string {
  const value = p.unit === 'ratio' || p.unit === 'count' ? `${p.default}` : `${p.default} ${p.unit}`;
  return `\`${name}\` = ${value} (${p.description}; ${p.stricter} is stricter)`;
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Markdown for people: one table per area, hub side first. */
export function specificationMarkdown(doc: SpecificationDocument): string {
  const lines = [
    `# camlab specification ${doc.version}`,
    '',
    `${doc.requirements.length} requirements. MUST failures fail a run; SHOULD failures are reported.`,
    '',
  ];
  const areas = [...new Set(doc.requirements.map((r) => `${r.side}:${r.area}`))];
  for (const key of areas) {
    const [side, area] = key.split(':') as [string, string];
    lines.push(
      `## ${side === 'hub' ? 'Hub' : 'Device'} — ${area}`,
      '',
      '| id | level | requirement | parameters | needs | traces |',
      '|---|---|---|---|---|---|',
    );
    for (const r of doc.requirements.filter((x) => x.side === side && x.area === area)) {
      const params =
        Object.entries(r.params)
          .map(([n, p]) => paramText(n, p))
          .join('<br>') || '—';
      const needs = [...r.needs.capabilities.map((c) => `adapter: ${c}`), ...r.needs.observations].join(', ');
      const traces = r.traces.map((t) => [t.source, t.feature, t.testCase].filter(Boolean).join(' — ')).join('<br>');
      lines.push(
        `| ${r.id} | ${r.level} | **${cell(r.title)}**<br>${cell(r.rationale)} | ${cell(params)} | ${cell(needs)} | ${cell(traces)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
