import { FaultRegistry } from './fault-registry.ts';
import { bandwidthFault } from './kinds/bandwidth.ts';
import { clockDriftFault } from './kinds/clock-drift.ts';
import { credentialsFault } from './kinds/credentials.ts';
import { jitterFault } from './kinds/jitter.ts';
import { latencyFault } from './kinds/latency.ts';
import { lossFault } from './kinds/loss.ts';
import { motionFault } from './kinds/motion.ts';
import { outageFault } from './kinds/outage.ts';
import { quirkFault } from './kinds/quirk.ts';
import { readdressFault } from './kinds/readdress.ts';
import { recorderFault } from './kinds/recorder.ts';
import { rebootFault } from './kinds/reboot.ts';
import { soapDelayFault } from './kinds/soap-delay.ts';
import { soapFaultFault } from './kinds/soap-fault.ts';
import { staleNonceFault } from './kinds/stale-nonce.ts';
import { tamperFault } from './kinds/tamper.ts';

/** Every fault kind camlab ships; the control API and scenarios accept exactly these. */
export function builtinFaultKinds(): FaultRegistry {
  return new FaultRegistry([
    outageFault,
    rebootFault,
    bandwidthFault,
    lossFault,
    jitterFault,
    latencyFault,
    soapFaultFault,
    soapDelayFault,
    credentialsFault,
    staleNonceFault,
    readdressFault,
    clockDriftFault,
    motionFault,
    tamperFault,
    quirkFault,
    recorderFault,
  ]);
}
