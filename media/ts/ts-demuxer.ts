import type { VideoCodec } from '../clip/packetized-clip.ts';
import { ParseError } from '../errors/parse-error.ts';

/** One complete PES packet of an elementary stream the PMT lists. */
export interface TsPes {
  pid: number;
  /** The PMT's stream_type (ISO/IEC 13818-1 Table 2-34): 0x1b H.264, 0x24 H.265, 0x0f AAC, ... */
  streamType: number;
  /** Set for the video codecs camlab reads. */
  codec?: VideoCodec;
  /** Presentation time in 90 kHz ticks, when the PES header carries one. */
  pts?: number;
  /** The PES payload (for video: Annex-B NAL units). */
  data: Buffer;
}

export const TS_PACKET_BYTES = 188;
const SYNC_BYTE = 0x47;
const PAT_PID = 0;
const NULL_PID = 0x1fff;
const TABLE_PAT = 0x00;
const TABLE_PMT = 0x02;
const STREAM_TYPE_H264 = 0x1b;
const STREAM_TYPE_H265 = 0x24;
/** A PSI section is at most 1021 bytes after its 3-byte header (13818-1 §2.4.4.11). */
const MAX_SECTION_BYTES = 3 + 1021;
/** One video access unit far beyond any camera's: a PES growing past this is not a stream we can read. */
const MAX_PES_BYTES = 8 * 1024 * 1024;
const empty = Buffer.alloc(0);

interface PesAssembly {
  streamType: number;
  parts: Buffer[];
  bytes: number;
  /** The continuity counter of the last packet with payload, -1 before the first. */
  lastCc: number;
  /** False after a lost packet until the next PES start: the partial PES is dropped. */
  collecting: boolean;
  /** The whole PES size when its header declares a length (0 = unbounded, as for video). */
  expectedBytes: number;
}

interface SectionAssembly {
  /** Bytes of the section(s) received so far in the current unit. */
  data: Buffer;
}

/**
 * An incremental MPEG-2 transport stream demuxer (ISO/IEC 13818-1): PAT, then each PMT, then the
 * PES packets of the elementary streams they list, as HLS segments carry them. Feed it chunks as
 * they arrive; `push` returns the PES packets they complete and `flush` the one still open at the
 * end (video PES have no length, so a PES ends where the next starts). Pure: no I/O, no clock.
 * A lost packet (continuity counter gap) drops the PES it was part of and is counted. After a
 * ParseError the stream is out of sync and every later push throws it again.
 */
export class TsDemuxer {
  private pending: Buffer = empty;
  private readonly pmtPids = new Set<number>();
  private readonly sections = new Map<number, SectionAssembly>();
  private readonly streams = new Map<number, PesAssembly>();
  private failure: ParseError | undefined;
  private offsetBase = 0;
  /** PES packets dropped because a packet of theirs was lost. */
  pesDroppedTotal = 0;
  /** Continuity counter gaps seen on elementary streams. */
  discontinuitiesTotal = 0;

  push(chunk: Buffer): TsPes[] {
    if (this.failure !== undefined) throw this.failure;
    const out: TsPes[] = [];
    try {
      let data = chunk;
      if (this.pending.length > 0) {
        // Complete the packet cut by the last chunk from this one's first bytes: copying only
        // those, not the whole chunk behind them, is a copy of 188 bytes instead of 64 KiB.
        const need = TS_PACKET_BYTES - this.pending.length;
        if (chunk.length < need) {
          this.pending = Buffer.concat([this.pending, chunk]);
          return out;
        }
        const head = Buffer.concat([this.pending, chunk.subarray(0, need)], TS_PACKET_BYTES);
        this.pending = empty;
        this.readPacket(head, 0, this.offsetBase, out);
        this.offsetBase += TS_PACKET_BYTES;
        data = chunk.subarray(need);
      }
      let offset = 0;
      while (data.length - offset >= TS_PACKET_BYTES) {
        this.readPacket(data, offset, this.offsetBase + offset, out);
        offset += TS_PACKET_BYTES;
      }
      this.pending = offset === data.length ? empty : data.subarray(offset);
      this.offsetBase += offset;
    } catch (err) {
      if (err instanceof ParseError) this.failure = err;
      throw err;
    }
    return out;
  }

  /** Ends the stream: returns every PES still being collected. Bytes short of a packet are an error. */
  flush(): TsPes[] {
    if (this.failure !== undefined) throw this.failure;
    if (this.pending.length > 0) {
      this.failure = new ParseError(
        `transport stream ends with ${this.pending.length} bytes of a ${TS_PACKET_BYTES}-byte packet`,
        this.offsetBase,
      );
      throw this.failure;
    }
    const out: TsPes[] = [];
    for (const [pid, stream] of this.streams) this.finishPes(pid, stream, out);
    return out;
  }

  /** The packet at `buf[start]` (read in place: no view per packet). */
  private readPacket(buf: Buffer, start: number, at: number, out: TsPes[]): void {
    if (buf[start] !== SYNC_BYTE)
      throw new ParseError(`lost sync: packet starts with 0x${(buf[start] as number).toString(16)}, expected 0x47`, at);
    const b1 = buf[start + 1] as number;
    if ((b1 & 0x80) !== 0) return; // transport_error_indicator: the sender knows this packet is damaged
    const unitStart = (b1 & 0x40) !== 0;
    const pid = ((b1 & 0x1f) << 8) | (buf[start + 2] as number);
    const b3 = buf[start + 3] as number;
    if ((b3 & 0xc0) !== 0) throw new ParseError('scrambled transport stream packets are not supported', at + 3);
    const adaptation = (b3 >> 4) & 0x03;
    const cc = b3 & 0x0f;
    if (adaptation === 0) throw new ParseError('reserved adaptation_field_control 00', at + 3);
    let offset = 4;
    if (adaptation === 2 || adaptation === 3) {
      const length = buf[start + 4] as number;
      offset = 5 + length;
      if (offset > TS_PACKET_BYTES)
        throw new ParseError(`adaptation field of ${length} bytes overruns the packet`, at + 4);
      if (adaptation === 2) return;
    }
    if (pid === NULL_PID) return;
    const payload = buf.subarray(start + offset, start + TS_PACKET_BYTES);
    if (pid === PAT_PID || this.pmtPids.has(pid)) {
      this.readSectionBytes(pid, payload, unitStart, at + offset, out);
      return;
    }
    const stream = this.streams.get(pid);
    if (stream !== undefined) this.readPesBytes(pid, stream, payload, unitStart, cc, out);
  }

  private readSectionBytes(pid: number, payload: Buffer, unitStart: boolean, at: number, out: TsPes[]): void {
    let data = payload;
    if (unitStart) {
      if (data.length < 1) throw new ParseError('section start without its pointer_field', at);
      const pointer = data[0] as number;
      if (1 + pointer > data.length) throw new ParseError(`pointer_field ${pointer} overruns the packet`, at);
      // The bytes before the pointer end a section begun in an earlier packet.
      const assembly = this.sections.get(pid);
      if (assembly !== undefined) this.appendSection(pid, assembly, data.subarray(1, 1 + pointer), at, out);
      this.sections.set(pid, { data: Buffer.alloc(0) });
      data = data.subarray(1 + pointer);
    }
    const assembly = this.sections.get(pid);
    if (assembly !== undefined) this.appendSection(pid, assembly, data, at, out);
  }

  private appendSection(pid: number, assembly: SectionAssembly, data: Buffer, at: number, out: TsPes[]): void {
    let joined = assembly.data.length === 0 ? data : Buffer.concat([assembly.data, data]);
    // Sections follow each other in a unit until stuffing (0xff) fills the rest.
    while (joined.length > 0) {
      if (joined[0] === 0xff) {
        this.sections.delete(pid);
        return;
      }
      if (joined.length < 3) break;
      const sectionBytes = 3 + ((((joined[1] as number) & 0x0f) << 8) | (joined[2] as number));
      if (sectionBytes > MAX_SECTION_BYTES)
        throw new ParseError(`section of ${sectionBytes} bytes exceeds ${MAX_SECTION_BYTES}`, at);
      if (joined.length < sectionBytes) break;
      this.readSection(pid, joined.subarray(0, sectionBytes), at, out);
      joined = joined.subarray(sectionBytes);
    }
    assembly.data = joined;
  }

  private readSection(pid: number, section: Buffer, at: number, out: TsPes[]): void {
    const tableId = section[0] as number;
    // table_id, section_length, id, version, section numbers (8 bytes), then the body, then CRC_32.
    if (section.length < 12)
      throw new ParseError(`PSI section of ${section.length} bytes is shorter than its header and CRC`, at);
    const body = section.subarray(8, section.length - 4);
    if (pid === PAT_PID) {
      if (tableId !== TABLE_PAT) return;
      if (body.length % 4 !== 0)
        throw new ParseError(`PAT body of ${body.length} bytes is not whole 4-byte programs`, at);
      for (let i = 0; i < body.length; i += 4) {
        const program = body.readUInt16BE(i);
        const programPid = body.readUInt16BE(i + 2) & 0x1fff;
        if (program !== 0 && programPid !== PAT_PID) this.pmtPids.add(programPid);
      }
      return;
    }
    if (tableId !== TABLE_PMT) return;
    if (body.length < 4) throw new ParseError('PMT without PCR_PID and program_info_length', at);
    const infoBytes = body.readUInt16BE(2) & 0x0fff;
    let offset = 4 + infoBytes;
    if (offset > body.length) throw new ParseError(`program_info_length ${infoBytes} overruns the PMT`, at);
    while (offset < body.length) {
      if (offset + 5 > body.length) throw new ParseError('PMT stream entry cut short', at);
      const streamType = body[offset] as number;
      const esPid = body.readUInt16BE(offset + 1) & 0x1fff;
      const esInfoBytes = body.readUInt16BE(offset + 3) & 0x0fff;
      offset += 5 + esInfoBytes;
      if (offset > body.length) throw new ParseError(`ES_info_length ${esInfoBytes} overruns the PMT`, at);
      const known = this.streams.get(esPid);
      if (known === undefined || known.streamType !== streamType) {
        if (known !== undefined) this.finishPes(esPid, known, out);
        this.streams.set(esPid, { streamType, parts: [], bytes: 0, lastCc: -1, collecting: false, expectedBytes: 0 });
      }
    }
  }

  private readPesBytes(
    pid: number,
    stream: PesAssembly,
    payload: Buffer,
    unitStart: boolean,
    cc: number,
    out: TsPes[],
  ): void {
    // A repeated packet (same counter) is allowed once and carries nothing new (13818-1 §2.4.3.3).
    if (stream.lastCc === cc && !unitStart) return;
    const lost = stream.lastCc >= 0 && ((stream.lastCc + 1) & 0x0f) !== cc;
    stream.lastCc = cc;
    if (lost) {
      this.discontinuitiesTotal++;
      if (stream.collecting && !unitStart) {
        this.pesDroppedTotal++;
        stream.parts = [];
        stream.bytes = 0;
        stream.collecting = false;
      }
    }
    if (unitStart) {
      this.finishPes(pid, stream, out);
      stream.collecting = true;
      stream.expectedBytes = payload.length >= 6 && payload.readUInt16BE(4) !== 0 ? 6 + payload.readUInt16BE(4) : 0;
    }
    if (!stream.collecting) return;
    stream.bytes += payload.length;
    if (stream.bytes > MAX_PES_BYTES) throw new ParseError(`PES on PID ${pid} grows past ${MAX_PES_BYTES} bytes`);
    stream.parts.push(payload);
    // A PES that declares its length is complete once that many bytes are in.
    if (stream.expectedBytes > 0 && stream.bytes >= stream.expectedBytes) this.finishPes(pid, stream, out);
  }

  private finishPes(pid: number, stream: PesAssembly, out: TsPes[]): void {
    if (!stream.collecting || stream.parts.length === 0) {
      stream.parts = [];
      stream.bytes = 0;
      return;
    }
    const pes = Buffer.concat(stream.parts, stream.bytes);
    stream.parts = [];
    stream.bytes = 0;
    stream.collecting = false;
    out.push(readPes(pid, stream.streamType, pes));
  }
}

/** One PES packet (13818-1 §2.4.3.6): start code, stream_id, length, optional header with PTS. */
function readPes(pid: number, streamType: number, pes: Buffer): TsPes {
  if (pes.length < 6) throw new ParseError(`PES of ${pes.length} bytes on PID ${pid} is shorter than its header`);
  if (pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1)
    throw new ParseError(`PES on PID ${pid} lacks its 00 00 01 start code`);
  const streamId = pes[3] as number;
  const declaredBytes = pes.readUInt16BE(4);
  let end = pes.length;
  if (declaredBytes !== 0) {
    if (6 + declaredBytes > pes.length)
      throw new ParseError(
        `PES_packet_length ${declaredBytes} overruns the ${pes.length - 6} bytes received on PID ${pid}`,
      );
    end = 6 + declaredBytes;
  }
  const codec: VideoCodec | undefined =
    streamType === STREAM_TYPE_H264 ? 'h264' : streamType === STREAM_TYPE_H265 ? 'h265' : undefined;
  const base = { pid, streamType, ...(codec !== undefined ? { codec } : {}) };
  if (!hasOptionalHeader(streamId)) return { ...base, data: pes.subarray(6, end) };
  if (end < 9) throw new ParseError(`PES on PID ${pid} is shorter than its optional header`);
  const headerDataBytes = pes[8] as number;
  const dataStart = 9 + headerDataBytes;
  if (dataStart > end) throw new ParseError(`PES_header_data_length ${headerDataBytes} overruns the PES on PID ${pid}`);
  const ptsDts = (pes[7] as number) >> 6;
  if ((ptsDts & 0x02) === 0) return { ...base, data: pes.subarray(dataStart, end) };
  if (headerDataBytes < 5)
    throw new ParseError(`PES on PID ${pid} flags a PTS but its header has ${headerDataBytes} bytes`);
  return { ...base, pts: readTimestamp(pes, 9), data: pes.subarray(dataStart, end) };
}

/** Streams without the optional PES header: program_stream_map, padding, private_stream_2, ECM, EMM, directory, DSMCC, H.222.1 E. */
function hasOptionalHeader(streamId: number): boolean {
  return ![0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xff, 0xf2, 0xf8].includes(streamId);
}

/** A 33-bit PTS/DTS spread over 5 bytes with marker bits. */
function readTimestamp(b: Buffer, at: number): number {
  const b0 = b[at] as number;
  const high = (b0 >> 1) & 0x07;
  const mid = b.readUInt16BE(at + 1) >> 1;
  const low = b.readUInt16BE(at + 3) >> 1;
  return high * 2 ** 30 + mid * 2 ** 15 + low;
}
