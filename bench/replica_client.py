"""Requests to `cno serve` replicas as Slack (signed) and as a load balancer (one keep-alive connection per
thread and replica) send them: shared by the benches that load replicas (``bench.load``, ``bench.week``)."""

from __future__ import annotations

import http.client
import socket
import threading
import time

from slack_sdk.signature import SignatureVerifier


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ReplicaClient:
    """Sends to replicas on 127.0.0.1; each thread keeps one connection per replica, as a load balancer would."""

    def __init__(self, signer: SignatureVerifier, timeout: float) -> None:
        self._signer, self._timeout, self._local = signer, timeout, threading.local()

    def send(self, port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None) -> int:
        """The HTTP status of ``method path`` on the replica at ``port`` (the body is read and dropped)."""
        connections: dict[int, http.client.HTTPConnection] = getattr(self._local, "connections", None) or {}
        self._local.connections = connections
        connection = connections.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=self._timeout)
        connections[port] = connection
        connection.request(method, path, body=body.encode(), headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status

    def signed(self, port: int, body: str, content_type: str) -> int:
        """POST ``body`` to ``/slack/events``, signed now as Slack signs it."""
        ts = str(int(time.time()))
        return self.send(port, "POST", "/slack/events", body, {
            "Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": self._signer.generate_signature(timestamp=ts, body=body)})
