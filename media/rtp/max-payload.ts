/**
 * Largest RTP payload camlab sends: with a 12-byte RTP header, 8-byte UDP and 20-byte IPv4
 * header a packet stays under a 1500-byte Ethernet MTU even through a VPN or PPPoE hop.
 */
export const MAX_RTP_PAYLOAD_BYTES = 1400;
