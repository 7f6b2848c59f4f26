-- wrk script for the mixed read load (see docs/operations.md): each request takes the next path
-- from the file named by WRK_PATHS (one path a line, written by `scripts/loadtest --paths FILE`),
-- so one wrk run covers home, timeline, event, person and search pages in the file's proportions.
local paths = {}
local file = assert(io.open(os.getenv("WRK_PATHS") or "/tmp/archive-stack/paths.txt"), "no paths file")
for line in file:lines() do
  if line ~= "" then paths[#paths + 1] = line end
end
file:close()
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
