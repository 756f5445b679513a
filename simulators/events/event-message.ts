/** One notification as a pull-point hands it out: a topic, when, and its Source/Data simple items. */
export interface EventMessage {
  /** Topic expression with the tns1 prefix, e.g. 'tns1:VideoSource/MotionAlarm'. */
  topic: string;
  utcMs: number;
  /** ONVIF property events: 'Initialized' on subscribe, 'Changed' on change. */
  operation: 'Initialized' | 'Changed' | 'Deleted';
  source: ReadonlyArray<readonly [name: string, value: string]>;
  data: ReadonlyArray<readonly [name: string, value: string]>;
  /** false for an event that is no property (a configuration change): new subscribers are not told it as state. */
  property?: boolean;
  /** Data ElementItems: a name and the one element it holds, as XML (recording events carry configurations so). */
  dataElements?: ReadonlyArray<readonly [name: string, xml: string]>;
}
