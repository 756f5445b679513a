import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceTopicMessages } from './device-topics.ts';
import {
  type EventFilter,
  EventFilterError,
  type FilterFaultName,
  ITEM_FILTER_DIALECT,
  TOPIC_DIALECTS,
  filterAccepts,
  parseItemFilter,
  parseTopicExpression,
} from './event-filter.ts';

const SRC = { videoSource: 'VS_1', videoSourceConfig: 'VSC_1', analyticsConfig: 'VA_1', rule: 'MyMotionDetectorRule' };
const [motionAlarm, cellMotion] = deviceTopicMessages('motion', true, 0, SRC);
const [tamper] = deviceTopicMessages('tamper', false, 0, SRC);
const ALL = [motionAlarm!, cellMotion!, tamper!];
const CONCRETE_SET = TOPIC_DIALECTS[0];

function faultOf(fn: () => unknown): FilterFaultName | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof EventFilterError) return err.fault;
    throw err;
  }
}

interface FilterCase {
  kind: 'topic' | 'content';
  name: string;
  expr: string;
  dialect?: string;
  topics?: string[];
  fault?: FilterFaultName;
  accepts?: string[];
}

/** TopicExpressions (ConcreteSet) and MessageContents (ItemFilter), what they let through or the fault they raise. */
const cases: FilterCase[] = [
  {
    kind: 'topic',
    name: 'one topic',
    expr: 'tns1:VideoSource/MotionAlarm',
    topics: ['VideoSource/MotionAlarm'],
    accepts: ['tns1:VideoSource/MotionAlarm'],
  },
  {
    kind: 'topic',
    name: 'a subtree',
    expr: 'tns1:RuleEngine//.',
    topics: ['RuleEngine'],
    accepts: ['tns1:RuleEngine/CellMotionDetector/Motion'],
  },
  {
    kind: 'topic',
    name: 'alternatives',
    expr: 'tns1:RuleEngine//. | tns1:VideoSource/GlobalSceneChange/ImagingService',
    accepts: ['tns1:RuleEngine/CellMotionDetector/Motion', 'tns1:VideoSource/GlobalSceneChange/ImagingService'],
  },
  {
    kind: 'topic',
    name: 'a parent path as prefix (hubs write tns1:VideoSource)',
    expr: 'tns1:VideoSource',
    accepts: ['tns1:VideoSource/MotionAlarm', 'tns1:VideoSource/GlobalSceneChange/ImagingService'],
  },
  {
    kind: 'topic',
    name: 'any prefix name (clients pick their own)',
    expr: 'ns0:VideoSource/MotionAlarm',
    accepts: ['tns1:VideoSource/MotionAlarm'],
  },
  {
    kind: 'topic',
    name: 'the OASIS Concrete dialect',
    expr: 'tns1:VideoSource/MotionAlarm',
    dialect: TOPIC_DIALECTS[1],
    accepts: ['tns1:VideoSource/MotionAlarm'],
  },
  {
    kind: 'topic',
    name: 'an unknown dialect',
    expr: 'tns1:VideoSource/MotionAlarm',
    dialect: 'http://docs.oasis-open.org/wsn/t-1/TopicExpression/Full',
    fault: 'TopicExpressionDialectUnknownFault',
  },
  {
    kind: 'topic',
    name: 'an item filter (ONVIF EVENT-2-1-25)',
    expr: 'boolean(//tt:SimpleItem[@Name="xyz" and @Value="xyz"])',
    fault: 'InvalidTopicExpressionFault',
  },
  {
    kind: 'topic',
    name: 'an empty alternative',
    expr: 'tns1:VideoSource/MotionAlarm|',
    fault: 'InvalidTopicExpressionFault',
  },
  {
    kind: 'topic',
    name: 'a wildcard (Full dialect only)',
    expr: 'tns1:VideoSource/*',
    fault: 'InvalidTopicExpressionFault',
  },
  {
    kind: 'topic',
    name: 'a topic outside the fixed set',
    expr: 'tns1:Device/Trigger/DigitalInput',
    fault: 'TopicNotSupportedFault',
  },
  {
    kind: 'topic',
    name: 'a path below a topic',
    expr: 'tns1:VideoSource/MotionAlarm/Extra',
    fault: 'TopicNotSupportedFault',
  },
  {
    kind: 'topic',
    name: 'an oversize expression',
    expr: `tns1:${'A/'.repeat(600)}B`,
    fault: 'InvalidTopicExpressionFault',
  },
  {
    kind: 'content',
    name: 'a named item',
    expr: 'boolean(//tt:SimpleItem[@Name="IsMotion"])',
    accepts: ['tns1:RuleEngine/CellMotionDetector/Motion'],
  },
  {
    kind: 'content',
    name: 'name and value',
    expr: 'boolean(//tt:SimpleItem[@Name="Source" and @Value="VS_1"])',
    accepts: ['tns1:VideoSource/MotionAlarm', 'tns1:VideoSource/GlobalSceneChange/ImagingService'],
  },
  {
    kind: 'content',
    name: 'a value in Data only',
    expr: "boolean(//tt:Data/tt:SimpleItem[@Value='false'])",
    accepts: ['tns1:VideoSource/GlobalSceneChange/ImagingService'],
  },
  {
    kind: 'content',
    name: 'Source scope misses Data items',
    expr: 'boolean(//tt:Source/tt:SimpleItem[@Name="State"])',
    accepts: [],
  },
  {
    kind: 'content',
    name: 'or between terms',
    expr: 'boolean(//tt:SimpleItem[@Name="IsMotion"]) or boolean(//tt:SimpleItem[@Value="false"])',
    accepts: ['tns1:RuleEngine/CellMotionDetector/Motion', 'tns1:VideoSource/GlobalSceneChange/ImagingService'],
  },
  {
    kind: 'content',
    name: 'not and parentheses',
    expr: 'not(boolean((//tt:SimpleItem[@Name="IsMotion"]))) and (boolean(//tt:SimpleItem[@Value="true"]))',
    accepts: ['tns1:VideoSource/MotionAlarm'],
  },
  {
    kind: 'content',
    name: 'or inside a predicate',
    expr: 'boolean(//tt:SimpleItem[(@Name="Rule" or @Name="State") and @Value="true"])',
    accepts: ['tns1:VideoSource/MotionAlarm'],
  },
  {
    kind: 'content',
    name: 'ElementItem (none carried)',
    expr: 'boolean(//tt:ElementItem[@Name="Layout"])',
    accepts: [],
  },
  {
    kind: 'content',
    name: 'an unknown dialect',
    expr: 'boolean(//tt:SimpleItem)',
    dialect: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
    fault: 'InvalidFilterFault',
  },
  {
    kind: 'content',
    name: 'an unclosed bracket',
    expr: 'boolean(//tt:SimpleItem[@Name="IsMotion")',
    fault: 'InvalidMessageContentExpressionFault',
  },
  {
    kind: 'content',
    name: 'an unterminated string',
    expr: 'boolean(//tt:SimpleItem[@Name="IsMotion])',
    fault: 'InvalidMessageContentExpressionFault',
  },
  {
    kind: 'content',
    name: 'another attribute',
    expr: 'boolean(//tt:SimpleItem[@Type="x"])',
    fault: 'InvalidMessageContentExpressionFault',
  },
  {
    kind: 'content',
    name: 'a topic path',
    expr: 'tns1:VideoSource/MotionAlarm',
    fault: 'InvalidMessageContentExpressionFault',
  },
  {
    kind: 'content',
    name: 'trailing tokens',
    expr: 'boolean(//tt:SimpleItem) boolean(//tt:SimpleItem)',
    fault: 'InvalidMessageContentExpressionFault',
  },
  {
    kind: 'content',
    name: 'nesting past the limit',
    expr: `${'not('.repeat(40)}boolean(//tt:SimpleItem)${')'.repeat(40)}`,
    fault: 'InvalidMessageContentExpressionFault',
  },
];

function parseCase(c: FilterCase): EventFilter {
  return c.kind === 'topic'
    ? { topics: parseTopicExpression(c.expr, c.dialect ?? CONCRETE_SET) }
    : { content: parseItemFilter(c.expr, c.dialect ?? ITEM_FILTER_DIALECT) };
}

describe('event filters: ConcreteSet topic expressions and ONVIF item filters', () => {
  it.each(cases)('$kind: $name', (c) => {
    expect(faultOf(() => parseCase(c))).toBe(c.fault);
    if (c.fault !== undefined) return;
    const filter = parseCase(c);
    if (c.topics !== undefined) expect(filter.topics).toEqual(c.topics);
    expect(ALL.filter((m) => filterAccepts(filter, m)).map((m) => m.topic)).toEqual(c.accepts);
  });

  it('topics and content both have to pass; no filter passes everything', () => {
    const filter = {
      topics: ['VideoSource'],
      content: parseItemFilter('boolean(//tt:SimpleItem[@Value="true"])', undefined),
    };
    expect(ALL.filter((m) => filterAccepts(filter, m)).map((m) => m.topic)).toEqual(['tns1:VideoSource/MotionAlarm']);
    expect(ALL.filter((m) => filterAccepts(undefined, m))).toHaveLength(3);
  });

  it('any text gives a filter or an EventFilterError, never another error', () => {
    const seeds = cases.map((c) => c.expr);
    const arb = fc.oneof(
      fc.constantFrom(...seeds),
      fc.string({ maxLength: 200 }),
      fc.constantFrom(...seeds).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
    );
    fc.assert(
      fc.property(arb, (text) => {
        for (const parse of [() => parseItemFilter(text, undefined), () => parseTopicExpression(text, undefined)]) {
          try {
            parse();
          } catch (err) {
            if (!(err instanceof EventFilterError)) throw err;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
