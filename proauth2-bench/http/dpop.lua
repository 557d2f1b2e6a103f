-- One request repeated over keep-alive connections, with a fresh DPoP proof (RFC 9449) in each:
-- METHOD (POST or GET), BODY (a form, POST only) and AUTH (the Authorization header) come from the
-- environment. PROOFS names a file of pre-signed proofs, one a line (DPoPProofs writes it); when it
-- is empty, no DPoP header is sent (the bearer rows). Lines FIRST+1 to FIRST+COUNT of the file
-- are split between wrk's threads, each its own slice, so no proof is sent twice; a thread that
-- runs out sends its last proof again, which the server refuses (the non-2xx column shows it), and
-- done() says how many proofs each thread used.
local method = os.getenv("METHOD") or "POST"
local body = os.getenv("BODY")
local auth = os.getenv("AUTH")
local file = os.getenv("PROOFS") or ""
local first = tonumber(os.getenv("FIRST") or "0")
local count = tonumber(os.getenv("COUNT") or "0")

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local proofs = {}
local next_proof = 1

function init(args)
  if file == "" then
    return
  end
  local nthreads = tonumber(os.getenv("THREADS") or "2")
  local per = math.floor(count / nthreads)
  local from = first + id * per + 1
  local to = from + per - 1
  local line = 0
  for proof in io.lines(file) do
    line = line + 1
    if line > to then
      break
    end
    if line >= from then
      proofs[#proofs + 1] = proof
    end
  end
  available = #proofs
  used = 0
end

function request()
  local headers = { ["Authorization"] = auth }
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  if file ~= "" then
    headers["DPoP"] = proofs[next_proof]
    if next_proof < #proofs then
      next_proof = next_proof + 1
    end
    used = used + 1
  end
  return wrk.format(method, nil, headers, method == "POST" and body or nil)
end

function done(summary, latency, requests)
  if file == "" then
    return
  end
  for _, thread in ipairs(threads) do
    io.stderr:write(string.format("thread %d: %d proofs sent of %d\n",
      thread:get("id"), thread:get("used"), thread:get("available")))
  end
end
