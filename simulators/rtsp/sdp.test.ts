import { describe, expect, it } from 'vitest';
import { buildAudioOnlySdp, buildSdp, trackControl } from './sdp.ts';

describe('buildSdp', () => {
  it('describes one live H.264 track with sprop-parameter-sets and controls', () => {
    const sdp = buildSdp({
      sessionId: '42',
      address: '127.11.0.1',
      name: 'Gate main',
      payloadType: 96,
      rtpmap: 'H264/90000',
      fmtp: 'packetization-mode=1;sprop-parameter-sets=Z0I=,aM4=',
      fps: 25,
      width: 1920,
      height: 1080,
    });
    const lines = sdp.split('\r\n');
    expect(lines[0]).toBe('v=0');
    expect(lines).toContain('a=control:*');
    expect(lines).toContain('a=range:npt=now-');
    expect(lines).toContain('m=video 0 RTP/AVP 96');
    expect(lines).toContain('a=rtpmap:96 H264/90000');
    expect(lines).toContain('a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0I=,aM4=');
    expect(lines.at(-2)).toBe(`a=control:${trackControl}`);
    expect(sdp.endsWith('\r\n')).toBe(true);
  });
});

describe('buildAudioOnlySdp', () => {
  it('describes one PCMU track at 8000 Hz (payload type 0) and no video', () => {
    const sdp = buildAudioOnlySdp({ sessionId: '42', address: '127.11.0.1', name: 'Gate main' });
    const lines = sdp.split('\r\n');
    expect(lines.filter((l) => l.startsWith('m='))).toEqual(['m=audio 0 RTP/AVP 0']);
    expect(lines).toContain('a=rtpmap:0 PCMU/8000');
    expect(lines).toContain('a=ptime:20');
    expect(lines.at(-2)).toBe(`a=control:${trackControl}`);
    expect(sdp.endsWith('\r\n')).toBe(true);
  });
});
