#!/usr/bin/env python3
"""Sends one SIP OPTIONS over UDP and prints the status line of the answer.

sip-options.py HOST PORT [TIMEOUT_S]: exit 0 and prints e.g. 'SIP/2.0 200 OK' on an answer,
exit 3 and prints 'no answer' when none came within the timeout (a firewall drop).
"""
import random
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
family = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(family, socket.SOCK_DGRAM)
s.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
local_port = s.getsockname()[1]
branch = "z9hG4bK-tfps-%08x" % random.getrandbits(32)
tag = "%08x" % random.getrandbits(32)
msg = (
    f"OPTIONS sip:ping@{host}:{port} SIP/2.0\r\n"
    f"Via: SIP/2.0/UDP {host}:{local_port};branch={branch};rport\r\n"
    "Max-Forwards: 70\r\n"
    f"From: <sip:probe@example.com>;tag={tag}\r\n"
    f"To: <sip:ping@{host}>\r\n"
    f"Call-ID: {branch}@appliance-test\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "Content-Length: 0\r\n\r\n"
)
s.settimeout(timeout)
s.sendto(msg.encode(), (host, port))
try:
    data, _ = s.recvfrom(65535)
except socket.timeout:
    print("no answer")
    sys.exit(3)
print(data.split(b"\r\n", 1)[0].decode(errors="replace"))
