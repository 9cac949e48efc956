-- GET ids picked at random from a file (the memory workload): args = ids_file path_prefix.
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  prefix = args[2]
  ids = {}
  for line in io.lines(args[1]) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() * 16 + tid)
end

function request()
  return wrk.format(nil, prefix .. ids[math.random(#ids)])
end
