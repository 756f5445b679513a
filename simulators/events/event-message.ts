/** One notification as a pull-point hands it out: a topic, when, and its Source/Data simple items. */
export interface EventMessage {
  /** Topic expression with the tns1 prefix, e.g. 'tns1:VideoSource/MotionAlarm'. */
  topic: string;
  utcMs: number;
  /** ONVIF property events: 'Initialized' on subscribe, 'Changed' on change. */
  operation: 'Initialized' | 'Changed' | 'Deleted';
  source: ReadonlyArray<readonly [name: string, value: string]>;
  data: ReadonlyArray<readonly [name: string, value: string]>;
}
