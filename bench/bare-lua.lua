-- The default rules and plugins under Debian's bare lua5.4, for scripts/benchmark: the same
-- scripts Koers runs, on the same state (written by `koers state` as a table literal), without
-- Koers' sandbox, budgets or copies. What Koers adds to this is what the benchmark measures.
--
-- lua5.4 bench/bare-lua.lua VIEW.lua WORKSPACE KOERS_LIBRARY_FOLDER [hook]
-- With "hook", a count hook runs every 1000 instructions, as Koers' instruction budget does.
local view_file, workspace, library, hook = arg[1], arg[2], arg[3], arg[4] == "hook"
package.path = workspace .. "/rules/?.lua;" .. workspace .. "/plugins/?.lua;" .. library .. "/?.lua"

local clock = os.clock
local started = clock()
local view = dofile(view_file)
local loaded = clock()

if hook then debug.sethook(function() end, "", 1000) end

-- Each script gets its own globals (like Koers' fresh environment) and a fresh `require` cache;
-- the state table itself is shared, as plain Lua would do it.
local function run(file, globals)
  for name in pairs(package.loaded) do
    if name ~= "_G" and name ~= "string" and name ~= "table" and name ~= "math" and name ~= "os" and name ~= "io"
      and name ~= "coroutine" and name ~= "utf8" and name ~= "debug" and name ~= "package" then
      package.loaded[name] = nil
    end
  end
  local env = setmetatable(globals, { __index = _G })
  local chunk = assert(loadfile(file, "t", env))
  return chunk()
end

-- Plugins derive first, in file-name order, as Koers does.
local plugins = {}
local listing = io.popen('ls "' .. workspace .. '/plugins"')
for name in listing:lines() do
  if name:match("%.lua$") and not name:match("%.meta%.lua$") then plugins[#plugins + 1] = name:gsub("%.lua$", "") end
end
listing:close()
table.sort(plugins)
view.state.derived = {}
for _, name in ipairs(plugins) do
  package.loaded[name] = nil
  local plugin = run(workspace .. "/plugins/" .. name .. ".lua", {})
  if type(plugin) == "table" and plugin.derive then view.state.derived[name] = plugin.derive(view.state) end
end

local ids = {}
for id in pairs(view.targets) do ids[#ids + 1] = id end
table.sort(ids)
local statuses = {}
for _, id in ipairs(ids) do
  local ok, result = pcall(run, workspace .. "/" .. view.rules[id], { state = view.state, target = view.targets[id] })
  statuses[#statuses + 1] = id .. "=" .. (ok and type(result) == "table" and tostring(result.status) or "error")
end
local finished = clock()
debug.sethook()
io.write(string.format("bare-lua: load %.3f s, rules %.3f s, total %.3f s, memory %.0f MB\n",
  loaded - started, finished - loaded, finished - started, collectgarbage("count") / 1024))
io.write("bare-lua: " .. table.concat(statuses, " ") .. "\n")
