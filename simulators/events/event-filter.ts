import { DEVICE_TOPICS } from './device-topics.ts';
import type { EventMessage } from './event-message.ts';

/** Topic dialects GetEventProperties advertises; anything else is TopicExpressionDialectUnknownFault. */
export const TOPIC_DIALECTS: readonly string[] = [
  'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet',
  'http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete',
];
export const ITEM_FILTER_DIALECT = 'http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter';
export const FILTER_EXPRESSION_MAX_CHARS = 1024;
const EXPRESSION_MAX_DEPTH = 16;

/** The WS-BaseNotification fault a refused filter maps to (WS-BaseNotification 1.3 §6.1.3). */
export type FilterFaultName =
  | 'InvalidFilterFault'
  | 'TopicExpressionDialectUnknownFault'
  | 'InvalidTopicExpressionFault'
  | 'TopicNotSupportedFault'
  | 'InvalidMessageContentExpressionFault';

export class EventFilterError extends Error {
  constructor(
    readonly fault: FilterFaultName,
    message: string,
  ) {
    super(message);
    this.name = 'EventFilterError';
  }
}

type ItemPredicate =
  { op: 'and' | 'or'; left: ItemPredicate; right: ItemPredicate } | { op: 'Name' | 'Value'; value: string };

/** An ONVIF ItemFilter expression (ONVIF Core §9.4.5): boolean(//tt:SimpleItem[...]) joined by and/or/not. */
export type ContentExpression =
  | { op: 'and' | 'or'; left: ContentExpression; right: ContentExpression }
  | { op: 'not'; expr: ContentExpression }
  | {
      op: 'item';
      scope: 'Source' | 'Data' | 'Key' | undefined;
      element: 'SimpleItem' | 'ElementItem';
      predicate: ItemPredicate | undefined;
    };

export interface EventFilter {
  /** Topic alternatives without prefix, e.g. 'VideoSource/MotionAlarm': a message topic equal to or under one passes. */
  topics?: readonly string[];
  content?: ContentExpression;
}

const TOPIC_PATH = /^(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*(?:\/[A-Za-z_][\w.-]*)*(?:\/\/\.)?$/;

/**
 * Parses a ConcreteSet TopicExpression ("tns1:A/B|tns1:C//.") into bare topic paths. A path
 * names a topic or a subtree of the fixed topic set; the set is fixed, so others are refused. Pure.
 */
export function parseTopicExpression(
  expression: string,
  dialect: string | undefined,
  topicSet: readonly string[] = DEVICE_TOPICS,
): string[] {
  if (dialect !== undefined && !TOPIC_DIALECTS.includes(dialect)) {
    throw new EventFilterError(
      'TopicExpressionDialectUnknownFault',
      `topic dialect '${dialect}' is not one of ${TOPIC_DIALECTS.join(', ')}`,
    );
  }
  if (expression.length > FILTER_EXPRESSION_MAX_CHARS)
    throw new EventFilterError(
      'InvalidTopicExpressionFault',
      `topic expression is ${expression.length} characters, at most ${FILTER_EXPRESSION_MAX_CHARS} allowed`,
    );
  const paths: string[] = [];
  for (const raw of expression.split('|')) {
    const alt = raw.trim();
    if (!TOPIC_PATH.test(alt))
      throw new EventFilterError(
        'InvalidTopicExpressionFault',
        `'${alt}' is not a ConcreteSet topic path (expected e.g. tns1:VideoSource/MotionAlarm or tns1:RuleEngine//.)`,
      );
    const bare = alt.replace(/^[A-Za-z_][\w.-]*:/, '').replace(/\/\/\.$/, '');
    if (!topicSet.some((t) => t === bare || t.startsWith(`${bare}/`))) {
      throw new EventFilterError(
        'TopicNotSupportedFault',
        `topic '${alt}' is not in the camera's topic set (${topicSet.join(', ')})`,
      );
    }
    paths.push(bare);
  }
  return paths;
}

type Token = { t: 'sym'; v: string } | { t: 'name'; v: string } | { t: 'str'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      out.push({ t: 'sym', v: '//' });
      i += 2;
    } else if ('()[]=/@'.includes(c)) {
      out.push({ t: 'sym', v: c });
      i++;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new EventFilterError('InvalidMessageContentExpressionFault', `unterminated string at ${i}`);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/.exec(src.slice(i));
      if (m === null) throw new EventFilterError('InvalidMessageContentExpressionFault', `unexpected '${c}' at ${i}`);
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** Recursive descent over the tokens; `and` binds tighter than `or`, as in XPath. */
class ItemFilterParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): ContentExpression {
    const e = this.or();
    if (this.i < this.tokens.length) this.fail(`unexpected '${this.tokens[this.i]!.v}'`);
    return e;
  }

  private fail(message: string): never {
    throw new EventFilterError('InvalidMessageContentExpressionFault', `item filter: ${message}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private take(v: string): boolean {
    const tok = this.peek();
    if (tok === undefined || tok.t === 'str' || tok.v !== v) return false;
    this.i++;
    return true;
  }

  private expect(v: string): void {
    if (!this.take(v)) this.fail(`expected '${v}' at token ${this.i}`);
  }

  private nest<T>(fn: () => T): T {
    if (++this.depth > EXPRESSION_MAX_DEPTH) this.fail(`nested deeper than ${EXPRESSION_MAX_DEPTH}`);
    const r = fn();
    this.depth--;
    return r;
  }

  /** Terms joined by and/or, `and` binding tighter, folded to the left: both grammars join the same way. */
  private logic<T extends { op: string }>(operand: () => T): T {
    const chain = (word: 'and' | 'or', next: () => T): T => {
      let left = next();
      while (this.take(word)) left = { op: word, left, right: next() } as unknown as T;
      return left;
    };
    return chain('or', () => chain('and', operand));
  }

  private or(): ContentExpression {
    return this.logic(() => this.term());
  }

  private term(): ContentExpression {
    return this.nest(() => {
      if (this.take('not')) {
        this.expect('(');
        const expr = this.or();
        this.expect(')');
        return { op: 'not', expr };
      }
      if (this.take('boolean')) {
        this.expect('(');
        const item = this.path();
        this.expect(')');
        return item;
      }
      if (this.take('(')) {
        const e = this.or();
        this.expect(')');
        return e;
      }
      return this.fail(`expected boolean(...), not(...) or ( at token ${this.i}`);
    });
  }

  private path(): ContentExpression {
    if (this.take('(')) {
      const p = this.nest(() => this.path());
      this.expect(')');
      return p;
    }
    this.expect('//');
    let scope: 'Source' | 'Data' | 'Key' | undefined;
    let name = this.name();
    if (name === 'Source' || name === 'Data' || name === 'Key') {
      scope = name;
      this.expect('/');
      name = this.name();
    }
    if (name !== 'SimpleItem' && name !== 'ElementItem')
      this.fail(`expected tt:SimpleItem or tt:ElementItem, got '${name}'`);
    let predicate: ItemPredicate | undefined;
    if (this.take('[')) {
      predicate = this.predOr();
      this.expect(']');
    }
    return { op: 'item', scope, element: name, predicate };
  }

  private name(): string {
    const tok = this.peek();
    if (tok?.t !== 'name') return this.fail(`expected an element name at token ${this.i}`);
    this.i++;
    return tok.v.slice(tok.v.indexOf(':') + 1);
  }

  private predOr(): ItemPredicate {
    return this.logic(() => this.predTerm());
  }

  private predTerm(): ItemPredicate {
    return this.nest(() => {
      if (this.take('(')) {
        const p = this.predOr();
        this.expect(')');
        return p;
      }
      this.expect('@');
      const attr = this.name();
      if (attr !== 'Name' && attr !== 'Value') this.fail(`only @Name and @Value can be compared, got @${attr}`);
      this.expect('=');
      const tok = this.peek();
      if (tok?.t !== 'str') return this.fail(`expected a quoted string after @${attr}=`);
      this.i++;
      return { op: attr, value: tok.v };
    });
  }
}

/** Parses an ItemFilter MessageContent expression. Pure; EventFilterError on anything else. */
export function parseItemFilter(expression: string, dialect: string | undefined): ContentExpression {
  if (dialect !== undefined && dialect !== ITEM_FILTER_DIALECT)
    throw new EventFilterError(
      'InvalidFilterFault',
      `message content dialect '${dialect}' is not ${ITEM_FILTER_DIALECT}`,
    );
  if (expression.length > FILTER_EXPRESSION_MAX_CHARS)
    throw new EventFilterError(
      'InvalidMessageContentExpressionFault',
      `expression is ${expression.length} characters, at most ${FILTER_EXPRESSION_MAX_CHARS} allowed`,
    );
  return new ItemFilterParser(tokenize(expression)).parse();
}

function predicateHolds(p: ItemPredicate, name: string, value: string): boolean {
  switch (p.op) {
    case 'and':
      return predicateHolds(p.left, name, value) && predicateHolds(p.right, name, value);
    case 'or':
      return predicateHolds(p.left, name, value) || predicateHolds(p.right, name, value);
    case 'Name':
      return name === p.value;
    case 'Value':
      return value === p.value;
  }
}

function contentHolds(e: ContentExpression, m: EventMessage): boolean {
  switch (e.op) {
    case 'and':
      return contentHolds(e.left, m) && contentHolds(e.right, m);
    case 'or':
      return contentHolds(e.left, m) || contentHolds(e.right, m);
    case 'not':
      return !contentHolds(e.expr, m);
    case 'item': {
      // The simulator's messages carry SimpleItems only (no Key, no ElementItem).
      if (e.element === 'ElementItem' || e.scope === 'Key') return false;
      const items = e.scope === 'Source' ? m.source : e.scope === 'Data' ? m.data : [...m.source, ...m.data];
      return items.some(([n, v]) => e.predicate === undefined || predicateHolds(e.predicate, n, v));
    }
  }
}

/** Whether a message passes a subscription's filter (no filter passes everything). */
export function filterAccepts(filter: EventFilter | undefined, m: EventMessage): boolean {
  if (filter === undefined) return true;
  if (filter.topics !== undefined) {
    const bare = m.topic.replace(/^tns1:/, '');
    if (!filter.topics.some((f) => bare === f || bare.startsWith(`${f}/`))) return false;
  }
  return filter.content === undefined || contentHolds(filter.content, m);
}
