// HTTP load on a hub's own REST API or HLS/FLV endpoints: every virtual user GETs the URLs given
// in CAMLAB_URLS (comma-separated), with an optional bearer token, and the run fails its
// thresholds when the hub errors or slows down. Run by `camlab load --k6 hub-rest --url URL`.
import { check } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';

const urls = (__ENV.CAMLAB_URLS ?? '').split(',').filter((u) => u !== '');
if (urls.length === 0) throw new Error('CAMLAB_URLS is empty: pass --url to camlab load');
const headers: Record<string, string> = __ENV.CAMLAB_TOKEN ? { Authorization: `Bearer ${__ENV.CAMLAB_TOKEN}` } : {};

export const options: Options = {
  vus: Number(__ENV.CAMLAB_VUS ?? 10),
  duration: __ENV.CAMLAB_DURATION ?? '30s',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<1000'],
  },
};

export default function (): void {
  const url = urls[(__VU + __ITER) % urls.length]!;
  const res = http.get(url, { headers, tags: { name: url } });
  check(res, { 'status 2xx': (r) => r.status >= 200 && r.status < 300 });
}
