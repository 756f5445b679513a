import { z } from 'zod';
import { findQuirk } from '../../quirks/catalog.ts';
import { parseQuirkParams } from '../../quirks/model-quirks.ts';
import { defineFaultKind } from '../fault-kind.ts';

/**
 * `quirk: <id>` and that quirk's own parameters, flat beside it (`quirk: subscription-slots,
 * max: 2`). The output has the same shape, parameters parsed, so a worker parses it again.
 */
const schema = z
  .object({ quirk: z.string().min(1) })
  .catchall(z.unknown())
  .transform((raw, ctx) => {
    const { quirk: id, ...params } = raw;
    const quirk = findQuirk(id);
    if (quirk?.modelOnly === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['quirk'],
        message: `quirk '${id}' is read from the camera model (URLs, inventory); switch it on in a model or personality, not as a timed fault`,
      });
      return z.NEVER;
    }
    const parsed = parseQuirkParams(id, params);
    if ('issues' in parsed) {
      for (const issue of parsed.issues)
        ctx.addIssue({
          code: 'custom',
          path: issue.path.length === 0 ? ['quirk'] : issue.path,
          message: issue.message,
        });
      return z.NEVER;
    }
    return { quirk: id, ...parsed.params };
  });

export const quirkFault = defineFaultKind({
  kind: 'quirk',
  summary: 'the targeted cameras take on a quirk from the quirk library (simulators/quirks) while the fault lasts',
  schema,
  create(cfg, ctx) {
    const { quirk, ...params } = cfg;
    return {
      start: () => {
        for (const camera of ctx.cameras) camera.quirks.add(ctx.id, quirk, params);
      },
      close: () => {
        for (const camera of ctx.cameras) camera.quirks.remove(ctx.id);
      },
    };
  },
});
