/**
 * What camlab hands a k6 script: the cameras to load (from the run's inventory) or a hub URL,
 * through environment variables, because k6 scripts cannot import camlab's own modules.
 */
export interface K6Camera {
  id: string;
  onvif: string;
  username: string;
  password: string;
}

export interface K6Inventory {
  cameras: K6Camera[];
}
