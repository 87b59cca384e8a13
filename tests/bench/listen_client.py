#!/usr/bin/env python3
"""Client of tests/bench/listen_run.sh: posts distinct Alertmanager alerts to watch --listen.

  listen_client.py latency PORT POSTS 1 FIRST         one at a time; prints p50 p99 max (ms)
  listen_client.py rate PORT POSTS CLIENTS FIRST      CLIENTS connections at once; prints alerts/s
"""
import http.client, json, socket, sys, threading, time
mode, port, posts, clients, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])

def payload(n):
    alert = {"status": "firing", "labels": {"alertname": f"Bench{n}", "severity": "warning"},
             "annotations": {"summary": f"bench alert {n}"}, "startsAt": "2026-11-27T02:55:00Z",
             "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://p/graph", "fingerprint": f"{n:016x}"}
    return json.dumps({"receiver": "hypercare", "status": "firing", "alerts": [alert], "groupLabels": {},
                       "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://am", "version": "4",
                       "groupKey": f"{{}}:{{alertname=\"Bench{n}\"}}", "truncatedAlerts": 0})

def connect():
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.connect()
    c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as Alertmanager (Go) and curl do
    return c

def post(c, n):
    c.request("POST", "/alertmanager", payload(n), {"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    return r.status

if mode == "latency":
    lat, c = [], connect()
    for n in range(first, first + posts):
        t = time.perf_counter()
        assert post(c, n) == 200
        lat.append(time.perf_counter() - t)
    lat.sort()
    pick = lambda p: lat[max(0, -(-len(lat) * p // 100) - 1)] * 1000
    print(f"{pick(50):.1f} {pick(99):.1f} {lat[-1] * 1000:.1f}")
else:
    ok, lock = [0], threading.Lock()
    def client(k):
        c = connect()
        for n in range(first + k, first + posts, clients):
            if post(c, n) == 200:
                with lock:
                    ok[0] += 1
    t = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for th in threads: th.start()
    for th in threads: th.join()
    print(f"{ok[0] / (time.perf_counter() - t):.0f}")
