#!/usr/bin/env python3
"""The benchmark's peer: GStreamer's RTSP server serving one clip on one mount per camera.

Usage: gst-peer.py FILE.mp4 ADDRESS PORT CAMERAS CLIENT_THREADS. Serves rtsp://ADDRESS:PORT/cam<i>
for i in 0..CAMERAS-1, every session of a camera sharing that camera's pipeline, the clip looped
for ever. Prints 'ready' once listening; exits on stdin EOF (the orchestrator's dead-man's switch).

What makes it hold thousands of sessions (simulators/rtsp/README.md, Benchmark, says how each
was found):
- one shared factory registered on every mount: one pipeline per camera, built on first use;
- a pool of client threads (the default serves every client from one main loop, which stops
  answering new clients after a few dozen sessions);
- the media not seekable, as a live camera's is (PLAY's Range would seek the shared media);
- the clip looped with non-flushing segment seeks, so the running time goes on across loops and
  no client ever sees EOS, sent from helper threads (a seek from the demuxer's streaming thread
  or the media's bus handler deadlocks, as the seek waits for that thread) and ahead of time
  (a queue after the demuxer);
- no Python on the media's bus: a Python RTSPMedia subclass overriding handle_message stalled
  SETUPs.
"""
import sys
import threading

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

clip, address, port, cameras, client_threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
Gst.init(None)
# Looked up once here: PyGObject resolves enum members lazily, and a first lookup racing on
# several of the server's threads fails ("type object 'X' has no attribute 'Y'").
SEEKING_QUERY = Gst.QueryType.SEEKING
QUERIES_UPSTREAM = Gst.PadProbeType.QUERY_UPSTREAM
PROBE_DROP = Gst.PadProbeReturn.DROP
SEGMENT_EVENT = Gst.EventType.SEGMENT
SEGMENT_MODE = Gst.SegmentFlags.SEGMENT
SEGMENT_DONE_EVENT = Gst.EventType.SEGMENT_DONE
PROBE_OK = Gst.PadProbeReturn.OK
SEEK_TYPE_SET = Gst.SeekType.SET
SEEK_TYPE_NONE = Gst.SeekType.NONE
SEEK_SEGMENT = Gst.SeekFlags.SEGMENT
TIME = Gst.Format.TIME
EVENTS_DOWNSTREAM = Gst.PadProbeType.EVENT_DOWNSTREAM
new_seek = Gst.Event.new_seek


def seek_to_start(ahead):
    # Non-flushing: the running time goes on from where the last loop ended, so the RTP
    # timestamps continue and nothing is flushed under the media's feet (a flushing seek
    # leaves the payloader without a segment, and PLAY then asserts in gst_rtsp_media_get_rates).
    # Sent upstream from the queue, so that the demuxer gets it (sent to the demuxer element, an
    # upstream event would leave by its sink pad, towards the file).
    seek = new_seek(1.0, TIME, SEEK_SEGMENT, SEEK_TYPE_SET, 0, SEEK_TYPE_NONE, -1)
    ahead.get_static_pad('sink').push_event(seek)


def loop_from_start(ahead):
    # A thread of its own: the seek waits for the demuxer's streaming thread, which may be the
    # caller, or held until the media plays (a seek asked for while it prerolls).
    threading.Thread(target=seek_to_start, args=(ahead,), daemon=True).start()


def watch_segments(pad, info, ahead):
    # The clip ends in SEGMENT_DONE once the demuxer is in segment mode: then it starts again.
    # Every segment that would end in EOS instead (the first one, and any after a flushing seek
    # the media makes while it prepares) asks for segment mode.
    event = info.get_event()
    if event.type == SEGMENT_DONE_EVENT or (
        event.type == SEGMENT_EVENT and not event.parse_segment().flags & SEGMENT_MODE
    ):
        loop_from_start(ahead)
    return PROBE_OK


def not_seekable(pad, info):
    # A camera is live: its media must not be seekable, or each PLAY's Range (clients send
    # npt=0.000-) makes a flushing seek of the shared media, which deadlocks against its running
    # clients (gst_rtsp_stream_set_blocked) or leaves it without a segment for the next PLAY.
    # Unanswered, the query says nothing is seekable (answering it from Python cannot work: the
    # query is not writable there).
    return PROBE_DROP if info.get_query().type == SEEKING_QUERY else PROBE_OK


def on_media(factory, media):
    # At the queue's input: the demuxer runs up to half a second ahead of the clock there, so
    # the next loop's seek arrives before the frames queued ahead of it run out.
    ahead = media.get_element().get_by_name('ahead')
    ahead.get_static_pad('sink').add_probe(EVENTS_DOWNSTREAM, watch_segments, ahead)
    ahead.get_static_pad('src').add_probe(QUERIES_UPSTREAM, not_seekable)


server = GstRtspServer.RTSPServer()
server.set_address(address)
server.set_service(port)
server.set_backlog(1024)
server.get_thread_pool().set_max_threads(client_threads)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f'( filesrc location={clip} ! qtdemux ! queue name=ahead max-size-time=500000000 max-size-buffers=0 max-size-bytes=0 ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )'
)
factory.set_shared(True)
factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
factory.connect('media-configure', on_media)
mounts = server.get_mount_points()
for i in range(cameras):
    mounts.add_factory(f'/cam{i}', factory)
server.attach(None)
loop = GLib.MainLoop()


def watch_stdin():
    sys.stdin.read()
    loop.quit()


threading.Thread(target=watch_stdin, daemon=True).start()
print('ready', flush=True)
loop.run()
