import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';

/**
 * A unicast WS-Discovery Probe to the device's address:3702 (ONVIF DISCOVERY-1-1-6). Resolves
 * with the XAddrs of the ProbeMatch the device sent from that address, or undefined when it did
 * not answer in time.
 */
export async function unicastProbe(host: string, timeoutMs: number, port = 3702): Promise<string[] | undefined> {
  const messageId = `urn:uuid:${randomUUID()}`;
  const probe =
    '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    `<s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action><a:MessageID>${messageId}</a:MessageID><a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>` +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>';
  // The answer must come from the device's own address, so a host name is resolved first.
  const { address: ip, family } = await lookup(host.replace(/^\[|\]$/g, ''));
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    return await new Promise<string[] | undefined>((resolve, reject) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      socket.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.on('message', (msg, from) => {
        const text = msg.toString('utf8');
        // Only the probed device's own answer counts: another listener on port 3702 of this host may answer for other devices.
        if (from.address !== ip || !text.includes(messageId) || !/ProbeMatches/.test(text)) return;
        clearTimeout(timer);
        resolve((/<(?:\w+:)?XAddrs>([^<]*)</.exec(text)?.[1] ?? '').split(/\s+/).filter(Boolean));
      });
      socket.send(probe, port, ip);
    });
  } finally {
    socket.close();
  }
}
