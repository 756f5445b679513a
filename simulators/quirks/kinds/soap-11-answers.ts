import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const FAULT_RE = /<env:Fault>[\s\S]*<\/env:Fault>/;
const CODE_RE = /<env:Code><env:Value>([^<]*)<\/env:Value>/;
const REASON_RE = /<env:Text[^>]*>([^<]*)<\/env:Text>/;
const DETAIL_RE = /<env:Detail>([\s\S]*)<\/env:Detail>/;
/** SOAP 1.2 fault codes as SOAP 1.1 writes them (SOAP 1.2 Part 0 §6). */
const CODES_11: Readonly<Record<string, string>> = { 'env:Sender': 'env:Client', 'env:Receiver': 'env:Server' };

export const soap11Answers = defineQuirk({
  id: 'soap-11-answers',
  title: 'SOAP 1.1 answers to SOAP 1.2 requests',
  wire: 'Every ONVIF answer comes in a SOAP 1.1 envelope (http://schemas.xmlsoap.org/soap/envelope/, Content-Type text/xml) and faults in the 1.1 shape (faultcode env:Client/env:Server, faultstring), although ONVIF requires SOAP 1.2.',
  reports: [
    {
      repo: 'milg0/onvif-java-lib',
      issue: 6,
      note: 'an Axis M3006 answered GetStreamUri in a SOAP 1.1 envelope; the client failed with "InputStream does not represent a valid SOAP 1.2 Message"',
    },
    {
      repo: 'OpenIPC/viewer',
      issue: 65,
      note: 'firmwares built for SOAP 1.1 answered 1.2 requests with nothing usable; the viewer had to retry in SOAP 1.1',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['onvifResponse'],
  create: () => ({
    onvifResponse(answer) {
      let body = answer.body.replace(`xmlns:env="${SOAP12}"`, `xmlns:env="${SOAP11}"`);
      const fault = FAULT_RE.exec(body);
      if (fault !== null) {
        const code = CODE_RE.exec(fault[0])?.[1] ?? 'env:Server';
        const reason = REASON_RE.exec(fault[0])?.[1] ?? '';
        const detail = DETAIL_RE.exec(fault[0])?.[1];
        const fault11 = `<env:Fault><faultcode>${CODES_11[code] ?? code}</faultcode><faultstring>${reason}</faultstring>${detail === undefined ? '' : `<detail>${detail}</detail>`}</env:Fault>`;
        body = body.replace(FAULT_RE, () => fault11);
      }
      answer.body = body;
      answer.contentType = 'text/xml; charset=utf-8';
    },
  }),
});
