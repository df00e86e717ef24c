-- A mix of pages for the memory run: each thread cycles through the paths given after `--`,
-- and stops once it has had `limit` answers (the first argument), so a run ends near a count.
--   wrk -t2 -c16 -d60s -s bench/wrk/mix.lua http://127.0.0.1:8101 -- 5000 / /articles/x/ ...

dofile(debug.getinfo(1, "S").source:sub(2):gsub("mix%.lua$", "report.lua"))

local paths, limit, index, answered = {}, 0, 0, 0

function init(args)
  limit = tonumber(args[1])
  for i = 2, #args do paths[#paths + 1] = args[i] end
  index = math.random(#paths) - 1
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= limit then wrk.thread:stop() end
end
