import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

export const soap11Answers = defineQuirk({
  id: 'soap11-answers',
  title: 'SOAP 1.1 answers to SOAP 1.2 requests',
  wire: 'Every answer is a SOAP 1.1 envelope (http://schemas.xmlsoap.org/soap/envelope/, Content-Type text/xml); faults carry faultcode and faultstring instead of Code/Subcode/Reason.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['onvifResponse'],
  create: () => ({
    onvifResponse(answer) {
      if (!answer.body.includes(SOAP12)) return;
      answer.contentType = 'text/xml; charset=utf-8';
      answer.body = answer.body
        .replace(SOAP12, SOAP11)
        .replace(/<env:Fault>[\s\S]*?<env:Value>([^<]*)<\/env:Value>(?:<env:Subcode><env:Value>([^<]*)<\/env:Value>)?[\s\S]*?<env:Text[^>]*>([^<]*)<\/env:Text>[\s\S]*?<\/env:Fault>/, (_m, code: string, subcode: string | undefined, reason: string) => {
          const faultcode = code === 'env:Sender' ? 'env:Client' : code === 'env:Receiver' ? 'env:Server' : code;
          return `<env:Fault><faultcode>${subcode === undefined ? faultcode : `${faultcode}.${subcode}`}</faultcode><faultstring>${reason}</faultstring></env:Fault>`;
        });
    },
  }),
});
