/** One Server-Sent Event: its `event:` name ('message' when absent) and its joined `data:` lines. */
export interface ServerSentEvent {
  event: string;
  data: string;
  /** The event's `id:`, where it had one. */
  id?: string;
}

/** Past this many characters without an event boundary the stream is not SSE as camlab serves it. */
export const maxEventChars = 4 << 20;

export class ServerSentEventsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerSentEventsError';
  }
}

/**
 * An incremental `text/event-stream` reader (WHATWG HTML, "Server-sent events", the parsing
 * rules for `event:`, `data:` and `id:` fields and blank-line dispatch); comments (`:` lines, the
 * control API's keep-alives) are skipped. Pure: text in, events out, chunks may split anywhere.
 */
export class ServerSentEventsReader {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  /** Feeds the next chunk; returns the events it completed. Throws ServerSentEventsError past maxEventChars. */
  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const out: ServerSentEvent[] = [];
    let start = 0;
    for (let nl = this.buffer.indexOf('\n', start); nl >= 0; nl = this.buffer.indexOf('\n', start)) {
      const line = this.buffer.slice(start, this.buffer[nl - 1] === '\r' ? nl - 1 : nl);
      start = nl + 1;
      if (line === '') {
        if (this.data.length > 0)
          out.push({
            event: this.event || 'message',
            data: this.data.join('\n'),
            ...(this.id !== undefined ? { id: this.id } : {}),
          });
        this.event = '';
        this.data = [];
        this.id = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
      else if (field === 'id') this.id = value;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length + this.data.reduce((n, d) => n + d.length, 0) > maxEventChars)
      throw new ServerSentEventsError(`an event longer than ${maxEventChars} characters`);
    return out;
  }
}
