// node-media-server 2.7.4 ships no types; this declares the part the host process uses.
declare module 'node-media-server' {
  interface NodeRelaySessionLike {
    streamPath?: string;
    end(): void;
  }
  class NodeMediaServer {
    constructor(config: unknown);
    run(): void;
    stop(): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    /** The relay server, present once run() has been called with a `relay` section. */
    nls?: { staticSessions: Map<number, NodeRelaySessionLike> };
  }
  export = NodeMediaServer;
}
