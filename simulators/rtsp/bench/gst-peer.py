#!/usr/bin/env python3
"""The benchmark's peer: GStreamer's RTSP server serving one clip, shared by every client.

Usage: gst-peer.py FILE.mp4 ADDRESS PORT. Prints 'ready' once listening; exits on stdin EOF
(the orchestrator's dead-man's switch)."""
import sys
import threading

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

clip, address, port = sys.argv[1], sys.argv[2], sys.argv[3]
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address(address)
server.set_service(port)
server.set_backlog(1024)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(f'( filesrc location={clip} ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )')
factory.set_shared(True)
factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
server.get_mount_points().add_factory('/clip', factory)
server.attach(None)
loop = GLib.MainLoop()


def watch_stdin():
    sys.stdin.read()
    loop.quit()


threading.Thread(target=watch_stdin, daemon=True).start()
print('ready', flush=True)
loop.run()
