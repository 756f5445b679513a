import { fileURLToPath } from 'node:url';

/** The scenario `camlab demo` plays: the Milton Keynes go-live rehearsal that ships in scenarios/. */
export const demoScenarioFile = fileURLToPath(new URL('../../scenarios/go-live-rehearsal.yaml', import.meta.url));

/** The rehearsal's 8 min 40 s of scenario time at 4x: about two minutes (2 min 10 s) of wall time. */
export const demoSpeed = 4;

/**
 * The procurement profile the demo judges with (`--profile` replaces it): it waives only what
 * node-media-server cannot do at all (PTZ), each waiver with its reason.
 */
export const demoProfileFile = fileURLToPath(new URL('../../scenarios/profiles/demo.yaml', import.meta.url));
