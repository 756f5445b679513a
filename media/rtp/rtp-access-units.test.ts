import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { packetizeH264AccessUnit } from './h264-packetizer.ts';
import { packetizeH265AccessUnit } from './h265-packetizer.ts';
import { encodeRtpHeader } from './rtp-header.ts';
import { RtpAccessUnits } from './rtp-access-units.ts';

const sei = Buffer.from('06050311223380', 'hex');
const idr = Buffer.concat([Buffer.from([0x65]), Buffer.alloc(3000, 0x88)]);
const slice = Buffer.concat([Buffer.from([0x41]), Buffer.alloc(200, 0x9a)]);

/** RTP packets of the access units, one timestamp each, marker on each unit's last packet. */
function stream(
  units: Buffer[][],
  opts: { payloadType?: number; markers?: boolean; codec?: 'h264' | 'h265' } = {},
): Buffer[] {
  const out: Buffer[] = [];
  let seq = 65_530; // wraps during the stream
  units.forEach((nals, i) => {
    const payloads = (opts.codec === 'h265' ? packetizeH265AccessUnit : packetizeH264AccessUnit)(nals, 1000);
    payloads.forEach((payload, p) => {
      const header = encodeRtpHeader({
        marker: (opts.markers ?? true) && p === payloads.length - 1,
        payloadType: opts.payloadType ?? 96,
        sequenceNumber: seq++ & 0xffff,
        timestamp: 3600 * i,
        ssrc: 7,
        padding: false,
        csrcs: [],
        extension: undefined,
      });
      out.push(Buffer.concat([header, payload]));
    });
  });
  return out;
}

function assemble(packets: Buffer[], au = new RtpAccessUnits('h264', 96)): { units: Buffer[][]; dropped: number } {
  const units: Buffer[][] = [];
  for (const p of packets) units.push(...au.push(p));
  return { units, dropped: au.accessUnitsDroppedTotal };
}

describe('RtpAccessUnits', () => {
  const units = [
    [sei, idr],
    [sei, slice],
    [sei, slice],
  ];

  // The stream starts with a unit the reader must drop: it cannot know it joined at its start.
  const joined = [[slice], ...units];

  it('gives back each access unit whole, across a sequence-number wrap', () => {
    expect(assemble(stream(joined))).toEqual({ units, dropped: 0 });
  });

  it('drops the unit it joined in, however it joined', () => {
    // Joined after the SEI packet of the first unit: without this rule, a frame without its stamp.
    expect(assemble(stream(units).slice(1))).toEqual({ units: units.slice(1), dropped: 0 });
  });

  it('ends a unit when the timestamp moves on without a marker', () => {
    // Without markers the last unit stays open: nothing says it is complete.
    expect(assemble(stream(joined, { markers: false }))).toEqual({ units: units.slice(0, 2), dropped: 0 });
  });

  it('drops the unit a lost packet belonged to, and keeps the others', () => {
    const packets = stream(joined);
    expect(assemble(packets.filter((_, i) => i !== 2))).toEqual({ units: units.slice(1), dropped: 1 });
  });

  it('ignores packets of another payload type', () => {
    expect(assemble(stream(joined, { payloadType: 97 }))).toEqual({ units: [], dropped: 0 });
  });

  it('with keep, returns only the kept NAL units, copied, and units with none kept as empty', () => {
    const keepSei = (type: number): boolean => type === 6;
    const packets = stream([...joined, [slice]]);
    const { units: kept } = assemble(packets, new RtpAccessUnits('h264', 96, { keep: keepSei }));
    expect(kept).toEqual([[sei], [sei], [sei], []]);
    // Copies: the packets can be reused (views into a read buffer) once pushed.
    for (const p of packets) p.fill(0);
    expect(kept[0]![0]).toEqual(sei);
    // A lost packet still drops its unit.
    const lossy = stream(joined).filter((_, i) => i !== 2);
    expect(assemble(lossy, new RtpAccessUnits('h264', 96, { keep: keepSei }))).toEqual({
      units: [[sei], [sei]],
      dropped: 1,
    });
  });

  it('with keep, skips H.265 fragments and single units of other types', () => {
    const prefixSei = Buffer.from([39 << 1, 1, 5, 3, 0x11, 0x22, 0x33, 0x80]);
    const idrW = Buffer.concat([Buffer.from([19 << 1, 1]), Buffer.alloc(3000, 0x88)]);
    const trail = Buffer.concat([Buffer.from([1 << 1, 1]), Buffer.alloc(200, 0x9a)]);
    const au = new RtpAccessUnits('h265', 96, { keep: (t) => t === 39 });
    const { units: kept } = assemble(
      stream([[trail], [prefixSei, idrW], [trail], [prefixSei, trail]], { codec: 'h265' }),
      au,
    );
    expect(kept).toEqual([[prefixSei], [], [prefixSei]]);
  });

  it('any packet gives access units or a ParseError', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
          { maxLength: 10 },
        ),
        (packets) => {
          const au = new RtpAccessUnits('h264', 96);
          const kept = new RtpAccessUnits('h264', 96, { keep: (t) => t === 6 });
          for (const p of packets) {
            try {
              kept.push(p);
            } catch (err) {
              expect(err).toBeInstanceOf(ParseError);
            }
            try {
              au.push(p);
            } catch (err) {
              expect(err).toBeInstanceOf(ParseError);
            }
          }
        },
      ),
    );
  });
});
