import { onvifServicePaths } from '../../../simulators/camera/uris.ts';
import { child, children, textAt, type XmlElement } from '../../../simulators/wire/xml-element.ts';
import { describeReply, soapCall, type SoapReply } from '../../probe/soap-call.ts';

/** The WSDL namespaces of the Profile G services (ONVIF Recording Search, Replay Control, Device). */
const ns = {
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  tse: 'http://www.onvif.org/ver10/search/wsdl',
  trc: 'http://www.onvif.org/ver10/recording/wsdl',
  trp: 'http://www.onvif.org/ver10/replay/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
} as const;

/** One recording a device found: what it is of, and the span it holds. */
export interface FoundRecording {
  token: string;
  /** RecordingSourceInformation: SourceId, Name and Address, as the device filled them in. */
  sourceId: string;
  sourceName: string;
  sourceAddress: string;
  earliestMs: number | undefined;
  latestMs: number | undefined;
}

/** How many result pages a search is read for before the client gives up on it. */
const maxPages = 20;

export class ProfileGError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileGError';
  }
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function timeMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The part of ONVIF Profile G a hub uses to fetch what a site kept: the device's service
 * addresses (GetServices), GetRecordingSummary, FindRecordings with GetRecordingSearchResults
 * (paged until the search is Completed, then EndSearch), and GetReplayUri — SOAP 1.2 with
 * WS-UsernameToken digest (HTTP Digest when challenged), the mini hub's SOAP client.
 */
export class ProfileGClient {
  private services: Promise<Record<'search' | 'replay' | 'recording', string> & { profileG: boolean }> | undefined;

  constructor(
    private readonly deviceUrl: string,
    private readonly user: string,
    private readonly password: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * The search, replay and recording service addresses the device lists (their usual paths when it
   * lists none), and whether it lists a search service at all (keeps recordings: Profile G).
   */
  addresses(): Promise<Record<'search' | 'replay' | 'recording', string> & { profileG: boolean }> {
    this.services ??= (async () => {
      const reply = await this.call(
        this.deviceUrl,
        `<tds:GetServices xmlns:tds="${ns.tds}"><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>`,
        'GetServices',
      );
      const listed = new Map(
        children(reply, 'Service').map((s) => [textAt(s, 'Namespace') ?? '', textAt(s, 'XAddr') ?? '']),
      );
      const fallback = (path: string) => new URL(path, this.deviceUrl).toString();
      return {
        profileG: (listed.get(ns.tse) ?? '') !== '',
        search: listed.get(ns.tse) || fallback(onvifServicePaths.search),
        replay: listed.get(ns.trp) || fallback(onvifServicePaths.replay),
        recording: listed.get(ns.trc) || fallback(onvifServicePaths.recording),
      };
    })();
    this.services.catch(() => (this.services = undefined));
    return this.services;
  }

  /** GetRecordingSummary: the earliest and latest instant the device holds, and how many recordings. */
  async summary(): Promise<{ earliestMs: number | undefined; latestMs: number | undefined; recordings: number }> {
    const { search } = await this.addresses();
    const reply = await this.call(search, `<tse:GetRecordingSummary xmlns:tse="${ns.tse}"/>`, 'GetRecordingSummary');
    const summary = child(reply, 'Summary');
    return {
      earliestMs: timeMs(textAt(summary, 'DataFrom')),
      latestMs: timeMs(textAt(summary, 'DataUntil')),
      recordings: Number(textAt(summary, 'NumberRecordings') ?? 0),
    };
  }

  /** FindRecordings over every recording, read page by page with GetRecordingSearchResults, then EndSearch. */
  async findRecordings(): Promise<FoundRecording[]> {
    const { search } = await this.addresses();
    const find = await this.call(
      search,
      `<tse:FindRecordings xmlns:tse="${ns.tse}" xmlns:tt="${ns.tt}"><tse:Scope/><tse:MaxMatches>1000</tse:MaxMatches><tse:KeepAliveTime>PT30S</tse:KeepAliveTime></tse:FindRecordings>`,
      'FindRecordings',
    );
    const token = textAt(find, 'SearchToken');
    if (token === undefined) throw new ProfileGError(`${search}: FindRecordings answered no SearchToken`);
    const found: FoundRecording[] = [];
    try {
      for (let page = 0; page < maxPages; page++) {
        const results = await this.call(
          search,
          `<tse:GetRecordingSearchResults xmlns:tse="${ns.tse}"><tse:SearchToken>${escapeXml(token)}</tse:SearchToken><tse:MaxResults>100</tse:MaxResults><tse:WaitTime>PT1S</tse:WaitTime></tse:GetRecordingSearchResults>`,
          'GetRecordingSearchResults',
        );
        const list = child(results, 'ResultList');
        for (const info of children(list, 'RecordingInformation')) found.push(readRecording(info));
        if (textAt(list, 'SearchState') === 'Completed') return found;
      }
      throw new ProfileGError(`${search}: search ${token} not completed after ${maxPages} pages`);
    } finally {
      // A search the device completed has ended on its own; EndSearch then may fault, which is fine.
      await this.call(
        search,
        `<tse:EndSearch xmlns:tse="${ns.tse}"><tse:SearchToken>${escapeXml(token)}</tse:SearchToken></tse:EndSearch>`,
        'EndSearch',
      ).catch(() => undefined);
    }
  }

  /** GetReplayUri for RTP over RTSP over TCP. */
  async replayUri(recordingToken: string): Promise<string> {
    const { replay } = await this.addresses();
    const reply = await this.call(
      replay,
      `<trp:GetReplayUri xmlns:trp="${ns.trp}" xmlns:tt="${ns.tt}"><trp:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trp:StreamSetup><trp:RecordingToken>${escapeXml(recordingToken)}</trp:RecordingToken></trp:GetReplayUri>`,
      'GetReplayUri',
    );
    const uri = textAt(reply, 'Uri');
    if (uri === undefined) throw new ProfileGError(`${replay}: GetReplayUri answered no Uri`);
    return uri;
  }

  /** DeleteRecording (Recording Control): what no hub should ever ask of a site's recorder. */
  async deleteRecording(recordingToken: string): Promise<void> {
    const { recording } = await this.addresses();
    await this.call(
      recording,
      `<trc:DeleteRecording xmlns:trc="${ns.trc}"><trc:RecordingToken>${escapeXml(recordingToken)}</trc:RecordingToken></trc:DeleteRecording>`,
      'DeleteRecording',
    );
  }

  private async call(url: string, body: string, operation: string): Promise<XmlElement> {
    const reply: SoapReply = await soapCall(
      url,
      body,
      { type: 'digest', user: this.user, password: this.password },
      this.timeoutMs,
    );
    if (reply.status !== 200 || reply.fault !== undefined || reply.payload === undefined)
      throw new ProfileGError(`${operation} at ${url}: ${describeReply(reply)}`);
    return reply.payload;
  }
}

function readRecording(info: XmlElement): FoundRecording {
  const source = child(info, 'Source');
  return {
    token: textAt(info, 'RecordingToken') ?? '',
    sourceId: textAt(source, 'SourceId') ?? '',
    sourceName: textAt(source, 'Name') ?? '',
    sourceAddress: textAt(source, 'Address') ?? '',
    earliestMs: timeMs(textAt(info, 'EarliestRecording')),
    latestMs: timeMs(textAt(info, 'LatestRecording')),
  };
}
