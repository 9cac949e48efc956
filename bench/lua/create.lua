-- POST a new invitation per request, each for a username never used before: args = username_prefix.
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  prefix = args[1]
  count = 0
  wrk.method = "POST"
end

function request()
  count = count + 1
  local body = '{"username":"' .. prefix .. "-" .. tid .. "-" .. count .. '@example.com","roles":["ORG_MEMBER"]}'
  return wrk.format(nil, nil, nil, body)
end
