"""serve is a local preview only: bound to 127.0.0.1, a request naming another host is
refused (DNS rebinding), a bad path is a 404 and a closed tab is no traceback."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from barorapport.commands.serve import Preview, make_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import shutil

    from .conftest import PROJECTS

    root = tmp_path_factory.mktemp("serve") / "mini"
    shutil.copytree(PROJECTS / "mini", root, ignore=shutil.ignore_patterns("build"))
    preview = Preview(root, None, pdf=False)
    preview.rebuild()
    assert preview.error is None
    httpd = make_server(preview, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _request(server, target: str, host: str | None = None) -> tuple[int, bytes]:
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        host = host if host is not None else f"127.0.0.1:{port}"
        connection.sendall(f"GET {target} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2]


def test_it_listens_on_the_loopback_address_only(server):
    assert server.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "127.0.0.1",
                                  "LOCALHOST:{port}"])
def test_local_names_are_served(server, host):
    status, body = _request(server, "/", host.format(port=server.server_address[1]))
    assert status == 200 and b"<html" in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1",
                                  "127.0.0.1.evil.example:{port}", ""])
def test_another_host_is_refused(server, host):
    status, body = _request(server, "/index.html", host.format(port=server.server_address[1]))
    port = server.server_address[1]
    assert status == 421
    assert body.decode() == (f"barorapport serve answers http://127.0.0.1:{port}/ only: a "
                             "preview for this machine, not for pages of other sites.")


@pytest.mark.parametrize("target", ["/..%00/etc/passwd", "/%00", "/assets/%00.css",
                                    "/../../etc/passwd"])
def test_a_bad_path_is_not_found_without_a_traceback(server, target, capfd):
    status, _ = _request(server, target)
    assert status == 404
    assert "Traceback" not in capfd.readouterr().err


def test_a_closed_connection_prints_no_traceback(server, capfd):
    port = server.server_address[1]
    for _ in range(5):
        connection = socket.create_connection(("127.0.0.1", port), timeout=10)
        connection.sendall(f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
                           .encode())
        # Closed at once with a reset, as a browser tab closed mid-answer.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
    status, _ = _request(server, "/")  # the server goes on
    assert status == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err
