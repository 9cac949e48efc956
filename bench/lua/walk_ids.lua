-- One request per id from a file, each id used once: args = ids_file first_index method path_prefix threads.
-- done() reports ids_per_thread: the most ids one thread took, so the next run can start after them.
-- Thread k of n takes the ids at first_index + k, first_index + k + n, ...; past the end it sends the
-- (invalid) id "exhausted", which the server answers with an error that wrk counts as non-2xx.
local next_thread = 0
local all_threads = {}

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  all_threads[#all_threads + 1] = thread
end

function bench_extra()
  local most = 0
  for _, thread in ipairs(all_threads) do
    most = math.max(most, thread:get("position") or 0)
  end
  return string.format(',"ids_per_thread":%d', most)
end

function init(args)
  local file, first, threads = args[1], tonumber(args[2]), tonumber(args[5])
  wrk.method = args[3]
  prefix = args[4]
  ids = {}
  local index = 0
  for line in io.lines(file) do
    if index >= first and (index - first) % threads == tid then
      ids[#ids + 1] = line
    end
    index = index + 1
  end
  position = 0
end

function request()
  position = position + 1
  return wrk.format(nil, prefix .. (ids[position] or "exhausted"))
end
