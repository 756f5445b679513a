import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Every distinct SOAP request the ONVIF tests sent (unit, e2e and the device/media/events/streaming
 * test-specification walks, with ../shared present), captured at parseSoapRequest and deduplicated
 * after blanking nonces, timestamps and message ids: 671 requests from the `onvif` and `soap`
 * clients, curl, the test-specification client and the bad-input tests, 177 operations.
 */
export function loadSoapCorpus(): string[] {
  const gz = readFileSync(new URL('./soap-requests.jsonl.gz', import.meta.url));
  return gunzipSync(gz)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string);
}
