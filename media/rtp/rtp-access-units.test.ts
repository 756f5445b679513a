import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { packetizeH264AccessUnit } from './h264-packetizer.ts';
import { encodeRtpHeader } from './rtp-header.ts';
import { RtpAccessUnits } from './rtp-access-units.ts';

const sei = Buffer.from('06050311223380', 'hex');
const idr = Buffer.concat([Buffer.from([0x65]), Buffer.alloc(3000, 0x88)]);
const slice = Buffer.concat([Buffer.from([0x41]), Buffer.alloc(200, 0x9a)]);

/** RTP packets of the access units, one timestamp each, marker on each unit's last packet. */
function stream(units: Buffer[][], opts: { payloadType?: number; markers?: boolean } = {}): Buffer[] {
  const out: Buffer[] = [];
  let seq = 65_530; // wraps during the stream
  units.forEach((nals, i) => {
    const payloads = packetizeH264AccessUnit(nals, 1000);
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

  it('any packet gives access units or a ParseError', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
          { maxLength: 10 },
        ),
        (packets) => {
          const au = new RtpAccessUnits('h264', 96);
          for (const p of packets) {
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
