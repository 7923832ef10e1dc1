"""A preview of the web edition for editors: served, rebuilt on a change, reloaded.

Input: a project folder and an edition. Output: an HTTP server on 127.0.0.1 serving
``build/.serve/<edition>/web``, a folder of its own (the build's outputs in
``build/<edition>/`` are never touched), which watchfiles rebuilds (web edition only, the
same stages as ``build``) when a file the build reads changes: the files the manifest
hashes (``project.edition_sources``: the edition's data and report, the templates, the
assets, every previous edition's data and report), any edition's report.yaml (a new one can
become the previous edition) and the engine's theme. A change to the engine's Python code
is shown as an error until serve is started again (the running process cannot load it).
Each served page gets a small script, in serve mode only (never in the built files), that
waits on ``/__barorapport__/version`` and reloads the page after a rebuild. A build error (a
template error, bad data) is shown in the page and on the console, instead of stopping the
server or the watcher, whatever the error; fixing the file brings the page back.

An edit to chapter templates alone renders those chapters again from what the last whole
build kept in memory (``pipeline.serve.render_again``) and rewrites only the pages that changed;
the PDF is laid out in the background after each rebuild (``serve_pdf``).
"""

from __future__ import annotations

import errno
import html
import logging
import os
import signal
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .. import wording
from ..config.project import edition_sources, find_edition, load_report
from ..engine import buildcache
from ..engine.buildcache import PACKAGE_DIR
from ..errors import BarorapportError, ServeError
from ..paths import display_path
from .serve_pdf import PdfJob

logger = logging.getLogger("barorapport")
VERSION_PATH = "/__barorapport__/version"
SERVE_FOLDER = ".serve"
"""Under ``build/``: where ``serve`` builds its preview, apart from the real outputs."""
LONG_POLL = 25.0
"""Seconds a page's request for the version waits for a rebuild before it is answered."""
_RELOAD = ("<script>/* barorapport serve: reload after a rebuild */(function(){{var v=\"{0}\";"
           "function poll(){{fetch(\"" + VERSION_PATH + "?since=\"+v).then(function(r){{"
           "return r.text()}}).then(function(t){{if(t!==v)location.reload();else poll()}})"
           ".catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>")
"""Each served page asks for the version, and the server answers when it is not the page's
(or after ``LONG_POLL`` seconds): the page reloads as soon as a rebuild ends."""
PDF_PATH = "/__barorapport__/pdf"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""The names a request's ``Host`` may give: serve is a preview for this machine only."""
_PDF_LINK = ("<script>/* barorapport serve: the PDF, once laid out */(function(){var a=document"
             ".createElement(\"a\");a.id=\"barorapport-pdf\";a.style.cssText=\"position:fixed;"
             "right:.5rem;bottom:.5rem;z-index:99;padding:.3rem .6rem;background:#222;color:#fff;"
             "font:13px sans-serif;border-radius:4px\";document.body.appendChild(a);function s()"
             "{fetch(\"" + PDF_PATH + "?state\").then(function(r){return r.text()}).then("
             "function(t){if(t===\"ready\"){a.textContent=\"PDF ready\";a.href=\"" + PDF_PATH
             + "\"}else{a.textContent=\"PDF: \"+t;a.removeAttribute(\"href\")}}).catch("
             "function(){}).then(function(){setTimeout(s,2000)})}s()})();</script>")
"""A corner link to serve's PDF, which says how far it is and links it once ready."""


class Preview:
    """The state the server shows: the build's version (bumped by each rebuild) and error,
    and what the last whole build prepared, kept to render an edited chapter alone."""

    def __init__(self, root: Path, edition: str | None, *, pdf: bool = False):
        self.root = root
        self.edition = find_edition(root, edition)
        self.out = root / "build" / SERVE_FOLDER
        self.web = self.out / self.edition.name / "web"
        self.version = 0
        self.error: str | None = None
        self.prepared = None
        """The ``pipeline.Prepared`` of the pages served: None until a whole build
        succeeds, and again after one fails."""
        self.secrets = None
        """The personal data in the respondents' answers (the privacy gate's last look)."""
        self._changed = threading.Condition()
        self.seen: tuple = ()
        """The project's files as the last rebuild started from (``fingerprint``)."""
        self.pdf = PdfJob(root, self.edition.name, self.out) if pdf else None
        """The PDF laid out in the background after each rebuild (``serve`` without
        ``--no-pdf``)."""

    def fingerprint(self) -> tuple:
        """Every file of the project the build reads (``watched``: previous editions
        included) as its readers see it (links followed): path, size, modification time and
        inode (a file renamed over another is another inode, whatever its time). Taken when a
        rebuild starts and compared every second, so that an edit no event reported (a
        link's target, an atomic rename during a rebuild) still rebuilds."""
        seen = []
        for folder in self.watched():
            if folder == PACKAGE_DIR:
                continue  # the engine: its events are enough (and Python writes its caches)
            for base, _folders, files in os.walk(folder, followlinks=True):
                for name in files:
                    path = os.path.join(base, name)
                    try:
                        status = os.stat(path)
                    except OSError:
                        seen.append((path, None, None, None))  # a broken link
                        continue
                    seen.append((path, status.st_size, status.st_mtime_ns, status.st_ino))
        return tuple(sorted(seen, key=lambda item: item[0]))

    def rebuild(self, changes: set | None = None) -> None:
        """Render the edited chapters alone when only chapter templates changed (and the
        last whole build holds what they need), else build the web edition whole; show
        any error instead of the pages."""
        self.seen = self.fingerprint()
        try:
            _engine_changed(changes or set())
            if not self._render_chapters(changes or set()):
                self._build()
            error = None
        except BarorapportError as caught:
            error = str(caught)
        except Exception as caught:  # noqa: BLE001 (the preview outlives any build error)
            error = f"{type(caught).__name__}: {caught} (an error of barorapport itself)"
        if error is not None:
            for line in error.splitlines():
                logger.error("%s", line)
        elif self.pdf is not None:
            self.pdf.schedule()
        with self._changed:
            self.error = error
            self.version += 1
            self._changed.notify_all()

    def _build(self) -> None:
        from .build import build

        self.prepared = None  # a failed build leaves nothing to render a chapter with
        result = build(self.root, self.edition.name, formats=("web",), out=self.out,
                       fresh=True)
        self.secrets = result.prepared.secrets
        self.prepared = result.prepared

    def _render_chapters(self, changes: set) -> bool:
        """The edited chapters rendered again and their pages written: False (nothing
        done) when a change is not a chapter's template, or needs the whole build."""
        from ..openanswers.published import check_published
        from ..pipeline.serve import render_again
        from ..publish.web import update_pages

        changed = self._edited_chapters(changes)
        if not changed:
            return False
        report = self.prepared.context["report"]
        prepared = render_again(self.prepared, self.edition, report, changed)
        before = self.prepared.pages
        # Privacy gate, last look, on the pages about to change.
        check_published(prepared.survey, None, {f"web/{name}": html for name, html
                                                in prepared.pages.items()
                                                if html != before.get(name)},
                        secrets=self.secrets, testimonies=prepared.testimonies)
        written = update_pages(self.web, before, prepared.pages)
        if written is None:
            return False
        self.prepared = prepared
        logger.info("serve: %s rendered again, %d page(s) written",
                    ", ".join(sorted(changed)), len(written))
        return True

    def _edited_chapters(self, changes: set) -> set[str]:
        """The ids of the chapters whose templates ``changes`` (watchfiles' (change, path)
        pairs) edited; empty when any change is something else."""
        if self.prepared is None or not changes:
            return set()
        templates = self.edition.templates_dir.resolve()
        chapters: dict[Path, set[str]] = {}
        for chapter in self.prepared.context["report"].chapters:
            chapters.setdefault(templates / chapter.template, set()).add(chapter.id)
        edited: set[str] = set()
        for _change, name in changes:
            path = Path(name).resolve()
            if path not in chapters or not path.is_file():
                return set()  # a partial, a layout, data, report.yaml, a deleted template
            edited |= chapters[path]
        return edited

    def wait_for_change(self, version: int, timeout: float) -> int:
        """The version once it is not ``version`` (or at ``timeout`` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != version, timeout=timeout)
            return self.version

    def watched(self) -> list[Path]:
        """The folders whose changes rebuild the preview: every file the build reads
        (``project.edition_sources``; a file is watched through its folder), every
        edition's report.yaml, and the engine (its theme and its code)."""
        try:
            sources = edition_sources(self.edition, load_report(self.edition))
        except BarorapportError:  # report.yaml unreadable: the build says why
            sources = [self.edition.data_dir, self.edition.report_dir,
                       self.edition.templates_dir]
        folders = [self.root / "report", *(path if path.is_dir() else path.parent
                                           for path in sources), PACKAGE_DIR]
        return [path for path in dict.fromkeys(folders) if path.is_dir()]

    def watch(self, stop: threading.Event) -> None:
        from watchfiles import watch

        # Changes are taken once the files have been quiet for 20 ms (a save is one write or
        # a few), grouped over 200 ms at most. What is watched follows the edition's
        # sources: a rebuild that changes them (another previous edition, other assets)
        # watches again.
        # Every second without an event, the files are compared with what the last rebuild
        # started from: a change no event reported rebuilds all the same.
        while not stop.is_set():
            watched = self.watched()
            for changes in watch(*watched, stop_event=stop, debounce=200, step=20,
                                 rust_timeout=1000, yield_on_timeout=True):
                if not changes:
                    if self.fingerprint() == self.seen:
                        continue
                    logger.info("serve: files changed, rebuilding")
                else:
                    logger.info("serve: %d change(s), rebuilding", len(changes))
                self.rebuild(changes)
                if self.watched() != watched:
                    break


def _engine_changed(changes: set) -> None:
    """Forget what was computed from the engine's files when ``changes`` touch them: a
    theme file is read again by the next build; Python code cannot be loaded again by this
    process, which is an error until serve is started again."""
    engine = PACKAGE_DIR.resolve()
    paths = [Path(name).resolve() for _change, name in changes]
    code = [path for path in paths if path.is_relative_to(engine) and path.suffix == ".py"]
    if code:
        raise ServeError(f"{display_path(code[0])}: barorapport's code changed; stop serve "
                         "(Ctrl-C) and start it again to preview with it")
    if any(path.is_relative_to(engine) for path in paths):
        buildcache.engine_fingerprint.cache_clear()
        wording.builtin.cache_clear()


def error_page(message: str) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Build error</title></head><body><h1>Build error</h1>"
            f"<pre class=\"barorapport-error\">{html.escape(message)}</pre>"
            "<p>Fix the file: this page reloads after the next build.</p></body></html>")


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        logger.debug("serve: " + format, *args)

    def _send(self, status: int, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (the base class's name)
        if not self._local_host():
            return self._send(421, f"barorapport serve answers http://127.0.0.1:"
                              f"{self.server.server_address[1]}/ only: a preview for this "
                              "machine, not for pages of other sites.",
                              "text/plain; charset=utf-8")
        try:
            return self._get()
        except (ValueError, OSError) as error:
            if isinstance(error, ConnectionError):
                raise  # the browser went away: the server says nothing (handle_error)
            # A path the file system cannot take (an embedded NUL byte...): not found.
            return self._send(404, "Not found.", "text/plain; charset=utf-8")

    def do_HEAD(self):  # noqa: N802 (the base class's name)
        if not self._local_host():
            self.send_error(421)
            return None
        try:
            return super().do_HEAD()
        except ValueError:
            self.send_error(404)
            return None

    def _local_host(self) -> bool:
        """The request names this server as a local address (``127.0.0.1``, ``localhost``,
        ``[::1]``, with or without its port): a page of another site that resolves its own
        name to 127.0.0.1 (DNS rebinding) is refused."""
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.server_address[1]
        return any(host in (name, f"{name}:{port}") for name in LOCAL_HOSTS)

    def _get(self):
        preview = self.preview
        path, _, query = self.path.partition("?")
        if path == VERSION_PATH:
            since = query.removeprefix("since=") if query.startswith("since=") else None
            version = preview.version
            if since is not None and since == str(version):
                version = preview.wait_for_change(version, LONG_POLL)
            return self._send(200, str(version), "text/plain; charset=utf-8")
        if path == PDF_PATH:
            return self._send_pdf(query)
        page = path.endswith(".html") or path.endswith("/")
        script = _RELOAD.format(preview.version) + (_PDF_LINK if preview.pdf else "")
        if page and preview.error is not None:
            return self._send(500, error_page(preview.error).replace("</body>",
                                                                     script + "</body>"),
                              "text/html; charset=utf-8")
        if page:
            name = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
            file = (preview.web / name).resolve()
            if file.is_relative_to(preview.web.resolve()) and file.is_file():
                text = file.read_text(encoding="utf-8")
                return self._send(200, text.replace("</body>", script + "</body>", 1),
                                  "text/html; charset=utf-8")
        return super().do_GET()

    def _send_pdf(self, query: str) -> None:
        pdf = self.preview.pdf
        if pdf is None:
            return self._send(404, "serve --no-pdf: no PDF is laid out.",
                              "text/plain; charset=utf-8")
        if query == "state":
            return self._send(200, pdf.state, "text/plain; charset=utf-8")
        if pdf.state != "ready" or pdf.file is None:
            return self._send(404, f"The PDF is not ready ({pdf.state}).",
                              "text/plain; charset=utf-8")
        data = pdf.file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Disposition", f'inline; filename="{pdf.file.name}"')
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def translate_path(self, path):
        # The web folder is replaced by each build: resolve it at each request.
        self.directory = str(self.preview.web)
        return super().translate_path(path)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A closed tab or connection is no error; anything else is one line, no
        traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        logger.error("serve: a request failed: %s: %s", type(error).__name__, error)


def make_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        return _Server(("127.0.0.1", port), partial(handler, directory=str(preview.web)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServeError(f"--port {port}: 127.0.0.1:{port} is already in use (stop the "
                             "other server, or choose another --port)") from None
        raise ServeError(f"--port {port}: cannot serve on 127.0.0.1:{port}: "
                         f"{error.strerror or error}") from None


def serve(root: Path, edition: str | None = None, port: int = 8000, pdf: bool = True
          ) -> None:
    """Serve on 127.0.0.1:``port`` (the port taken first: a busy one fails at once), build,
    and rebuild on changes until Ctrl-C; the PDF laid out in the background (``pdf``)."""
    preview = Preview(root, edition, pdf=pdf)
    server = make_server(preview, port)
    # Stopped by a signal as by Ctrl-C: the PDF under way is stopped with the server.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    print(f"serve: http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    finally:
        stop.set()
        if preview.pdf is not None:
            preview.pdf.stop()
        server.server_close()
