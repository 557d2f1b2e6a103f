"""Sends hostile requests over keep-alive connections and checks that the server never closes a
connection without saying so (Connection: close): a client that reuses it would lose its next
request. Usage: keepalive_probe.py PORT. Exits 1 when a connection was dropped unannounced."""
import socket, sys
host, port = '127.0.0.1', int(sys.argv[1])
def read_response(s, is_head=False):
    buf=b''
    while b'\r\n\r\n' not in buf:
        d=s.recv(65536)
        if not d: return None, buf
        buf+=d
    head,rest=buf.split(b'\r\n\r\n',1)
    lines=head.decode('latin1').split('\r\n')
    hdrs={}
    for l in lines[1:]:
        k,v=l.split(':',1); hdrs[k.strip().lower()]=v.strip()
    n=0 if is_head else int(hdrs.get('content-length','0'))
    while len(rest)<n:
        d=s.recv(65536)
        if not d: break
        rest+=d
    return (lines[0],hdrs), rest
ok=b"GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: x\r\n\r\n"
def form(body, extra=b''):
    return b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"+extra+b"Content-Length: "+str(len(body)).encode()+b"\r\n\r\n"+body
cases={
 'ok': ok,
 'bad-form': form(b'grant_type=%zz'),
 'non-utf8': form(b'grant_type=\xff\xfe'),
 'huge-413': form(b'a'*(200*1024)),
 'body-70k': form(b'a'*(70*1024)),
 'unknown-method': b"BREW /token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
 'get-with-body': b"GET /token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
 'bad-request-line': b"GET /token?\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
 'crlf-query': b"GET /authorize?state=%0D%0AX:1 HTTP/1.1\r\nHost: x\r\n\r\n",
 'chunked-big': b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n" + (b"10000\r\n"+b"a"*65536+b"\r\n")*3 + b"0\r\n\r\n",
 'two-cl': b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
 'head-token': b"HEAD /token HTTP/1.1\r\nHost: x\r\n\r\n",
 '404': b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
}
dropped = 0
for name, req in cases.items():
    s=socket.create_connection((host,port)); s.settimeout(10)
    try:
        s.sendall(req)
        r, body = read_response(s, req.startswith(b'HEAD '))
    except Exception as e:
        print(f"{name:18} first request failed: {e!r}"); dropped += 1; s.close(); continue
    if r is None:
        print(f"{name:18} no response, closed"); dropped += 1; s.close(); continue
    status, hdrs = r
    cc = hdrs.get('connection','-')
    try:
        s.sendall(ok)
        r2, _ = read_response(s)
        reused = bool(r2) and ' 200 ' in r2[0]
    except OSError:
        reused = False
    if reused:
        verdict = 'kept open, reused'
    elif cc.lower() == 'close':
        verdict = 'closed, announced'
    else:
        verdict = 'DROPPED without Connection: close'
        dropped += 1
    print(f"{name:18} {status:40} Connection: {cc:8} {verdict}")
    s.close()
sys.exit(1 if dropped else 0)
