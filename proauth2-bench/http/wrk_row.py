"""One Markdown row from wrk's --latency output: NAME CONNECTIONS FILE (as run.sh prints its rows)."""
import re
import sys

name, connections, path = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()


def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
non2xx = int(non2xx.group(1)) if non2xx else 0
print(f"| {name} | {connections} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {total:,} | {socket_errors} | {non2xx} |")
