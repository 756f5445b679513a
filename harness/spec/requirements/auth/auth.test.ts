import { fault, fleet, log, onvif, rtsp, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { onvifDigestOnly } from './onvif-digest-only.ts';
import { rtspDigestOnly } from './rtsp-digest-only.ts';
import { survivesChallenge } from './survives-challenge.ts';
import { survivesStaleNonce } from './survives-stale-nonce.ts';

const allDigest = ['cam-1', 'cam-2', 'cam-3'].flatMap((c, i) => [onvif(c, i, 'GetSystemDateAndTime', 'none'), onvif(c, i + 1, 'GetProfiles', 'digest')]);

runCases(onvifDigestOnly, [
  { name: 'digest over three personalities passes', observations: log(allDigest), verdict: 'PASS' },
  { name: 'a PasswordText request fails', observations: log(allDigest, onvif('cam-2', 9, 'GetStreamUri', 'text')), verdict: 'FAIL', message: 'without digest' },
  { name: 'an operation served without credentials fails', observations: log(allDigest, onvif('cam-1', 9, 'GetStreamUri', 'none', 200)), verdict: 'FAIL' },
  { name: 'an anonymous request answered 401 is the digest challenge', observations: log(allDigest, onvif('cam-1', 9, 'GetStreamUri', 'none', 401)), verdict: 'PASS' },
  { name: 'another client\'s PasswordText is not the hub\'s', observations: log(allDigest, onvif('cam-1', 9, 'GetStreamUri', 'text', 200, 'someone-else')), verdict: 'PASS' },
  { name: 'no ONVIF traffic is not exercised', observations: [], verdict: 'NOT EXERCISED' },
  { name: 'two personalities are not enough', observations: log(allDigest.filter((o) => 'camera' in o && o.camera !== 'cam-3')), verdict: 'NOT EXERCISED', message: '3 needed' },
  { name: 'a fleet of one model cannot exercise it', observations: log(allDigest), run: fleet(['fixed-1080p', 'fixed-1080p', 'fixed-1080p']), verdict: 'NOT EXERCISED', message: 'fleet has 1' },
]);

const rtspOk = ['cam-1', 'cam-2', 'cam-3'].flatMap((c) => session({ camera: c, fromS: 1, toS: 10 }));

runCases(rtspDigestOnly, [
  { name: 'digest after a 401 challenge passes', observations: log(rtspOk), verdict: 'PASS' },
  { name: 'Basic fails', observations: log(rtspOk, rtsp('cam-1', 20, 'DESCRIBE', 'basic')), verdict: 'FAIL', message: 'RTSP' },
  { name: 'a stream taken without credentials fails', observations: log(rtspOk, rtsp('cam-1', 20, 'PLAY', 'none', 200)), verdict: 'FAIL' },
  { name: 'OPTIONS without credentials is fine', observations: log(rtspOk, rtsp('cam-1', 20, 'OPTIONS', 'none', 200)), verdict: 'PASS' },
  { name: 'no RTSP traffic is not exercised', observations: [], verdict: 'NOT EXERCISED' },
]);

runCases(survivesChallenge, [
  { name: 'each 401 followed by a digest success passes', observations: log(rtspOk), verdict: 'PASS' },
  { name: 'a 401 the hub never answers fails', observations: log(rtspOk, rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401)), verdict: 'FAIL' },
  { name: 'a late answer fails under a tightened bound', observations: log(rtspOk, rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401), rtsp('cam-2', 53, 'DESCRIBE', 'digest', 200)), params: { retryWithinMs: 2000 }, verdict: 'FAIL' },
  { name: '401s during a credentials change are expected', observations: log(rtspOk, fault('f1', 'credentials', ['cam-2'], 45, 60), rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401)), verdict: 'PASS' },
  { name: 'a 401 to a user that is no hub\'s is not the hub\'s', observations: log(rtspOk, rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401, 'admin')), verdict: 'PASS' },
  { name: 'no 401 at all is not exercised', observations: log(rtsp('cam-1', 1, 'DESCRIBE', 'digest')), verdict: 'NOT EXERCISED' },
]);

runCases(survivesStaleNonce, [
  { name: 're-authenticates after a stale nonce', observations: log(rtspOk, fault('n1', 'nonce-expiry', ['cam-1'], 30, 40), rtsp('cam-1', 31, 'GET_PARAMETER', 'digest', 401), rtsp('cam-1', 31.2, 'GET_PARAMETER', 'digest', 200)), verdict: 'PASS' },
  { name: 'gives up after a stale nonce', observations: log(rtspOk, fault('n1', 'nonce-expiry', ['cam-1'], 30, 40), rtsp('cam-1', 31, 'GET_PARAMETER', 'digest', 401)), verdict: 'FAIL' },
  { name: '401s outside nonce faults are not this requirement', observations: log(rtspOk), verdict: 'NOT EXERCISED' },
]);
