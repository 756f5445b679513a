import type { CameraModel } from '../camera/camera-model.ts';
import type { Personality } from '../camera/personality.ts';
import type { Quirk, QuirkReport } from './quirk.ts';

export interface QuirkEntry {
  id: string;
  title: string;
  wire: string;
  hooks: readonly string[];
  /** The parameters with their defaults: what `true` (or `{}`) switches on. */
  defaults: Readonly<Record<string, unknown>>;
  /** How to switch it on, one line per way. */
  switchOn: string[];
  reports: readonly QuirkReport[];
  /** The personalities that carry it. */
  personalities: string[];
}

export interface PersonalityEntry {
  id: string;
  description: string;
  file: string;
  manufacturer: string;
  model: string;
  rtspPath: string;
  snapshotPath: string;
  quirks: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface QuirkDocument {
  quirks: QuirkEntry[];
  personalities: PersonalityEntry[];
}

/** Everything `camlab quirks` prints, as data. Pure. */
export function quirkDocument(
  quirks: readonly Quirk[],
  personalities: readonly Personality<CameraModel>[],
  fileRelativeTo: (file: string) => string = (f) => f,
): QuirkDocument {
  return {
    quirks: quirks.map((q) => {
      const defaults = q.schema.parse({}) as Record<string, unknown>;
      const switchOn = [
        `model or fleet file: quirks: { ${q.id}: true } (or { ${q.id}: { params } })`,
        'personality: listed in its quirks',
      ];
      if (q.modelOnly !== true)
        switchOn.push(`scenario timeline: { fault: quirk, quirk: ${q.id}, for: 30s } (parameters beside quirk)`);
      return {
        id: q.id,
        title: q.title,
        wire: q.wire,
        hooks: q.hooks,
        defaults,
        switchOn,
        reports: q.reports,
        personalities: personalities.filter((p) => p.model.quirks[q.id] !== undefined).map((p) => p.model.id),
      };
    }),
    personalities: personalities.map((p) => ({
      id: p.model.id,
      description: p.description,
      file: fileRelativeTo(p.file),
      manufacturer: p.model.manufacturer,
      model: p.model.model,
      rtspPath: p.model.rtspPath,
      snapshotPath: p.model.snapshotPath,
      quirks: p.model.quirks,
    })),
  };
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function reportText(reports: readonly QuirkReport[]): string {
  if (reports.length === 0) return 'no public report found';
  return reports.map((r) => `${r.repo}#${r.issue}: ${r.note}`).join('; ');
}

/** The document as Markdown: one table of quirks, one of personalities. Pure. */
export function quirkMarkdown(doc: QuirkDocument): string {
  const lines = [
    '# Quirks',
    '',
    `${doc.quirks.length} quirks. Switch one on in a camera model's \`quirks:\` (id: true, or id: { params }), through a personality, or for a while with the \`quirk\` fault kind.`,
    '',
    '| id | on the wire | hooks | defaults | how to switch on | source report |',
    '|---|---|---|---|---|---|',
    ...doc.quirks.map(
      (q) =>
        `| \`${q.id}\` | **${cell(q.title)}.** ${cell(q.wire)} | ${q.hooks.join(', ') || '(read from the model)'} | ${cell(JSON.stringify(q.defaults))} | ${cell(q.switchOn.join('<br>'))}${q.personalities.length > 0 ? `<br>in: ${q.personalities.join(', ')}` : ''} | ${cell(reportText(q.reports))} |`,
    ),
    '',
    '# Personalities',
    '',
    '| id | what it is | URIs | quirks | file |',
    '|---|---|---|---|---|',
    ...doc.personalities.map(
      (p) =>
        `| \`${p.id}\` | ${cell(p.description)} (${cell(p.manufacturer)} ${cell(p.model)}) | RTSP \`${p.rtspPath}\`, snapshot \`${p.snapshotPath}\` | ${cell(
          Object.entries(p.quirks)
            .map(([id, params]) => (Object.keys(params).length === 0 ? id : `${id} ${JSON.stringify(params)}`))
            .join(', '),
        )} | ${p.file} |`,
    ),
  ];
  return lines.join('\n');
}
