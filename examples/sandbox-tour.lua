-- A first look at what a Koers script can do: it runs in the same sandbox as rule scripts.
-- Try `koers lua examples/sandbox-tour.lua`; the returned table is printed as JSON.
local levels = {"vmbo-b", "vmbo-k", "vmbo-gt", "havo", "PrO"}
table.sort(levels)

local counted = {}
for _, level in ipairs(levels) do
  local kind = level:match("^vmbo%-(%a+)$") and "vmbo" or level
  counted[kind] = (counted[kind] or 0) + 1
end

print("Koers runs this script without file, process or network access.")
return {
  lua = _VERSION,
  levels = levels,
  counted = counted,
  io_available = io ~= nil,         -- false: no io, os, debug or package
  binary_chunk = select(2, load("\27Lua")),  -- only source text loads
}
