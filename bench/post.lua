-- wrk script: POST the body in $BODY (a file) with the API key in $KEY.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")

-- count non-200 answers: a withheld (unaudited) answer is a 503, not a success
local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
