-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

show("main.chunk.varargs", select("#", ...))

-- _G and _ENV
try("G.identity", function() return _G == _ENV, _G._G == _G, _ENV._G == _G end)
try("G.type", function() return type(_G), type(_ENV) end)
try("G.global.write", function() newglobal_x = 5; local r = _G.newglobal_x; _G.newglobal_x = nil; return r, newglobal_x end)
try("G.rawget", function() return rawget(_G, "print") == print, rawget(_G, "nonexistent") end)
try("ENV.local", function()
  local _ENV = { x = 1 }
  return x, y
end)
try("ENV.local.global.call", function()
  local _ENV = {}
  return print("no print here")
end)
try("ENV.local.assign", function()
  local t = {}
  do
    local _ENV = t
    a, b = 1, 2
  end
  return t.a, t.b, rawget(_G, "a")
end)
try("ENV.setmetatable", function()
  local env = setmetatable({}, { __index = _G })
  local f = load("q = 1; return tostring(q), type(print)", "=e", "t", env)
  return f(), rawget(env, "q"), rawget(_G, "q")
end)
try("ENV.upvalue.function", function()
  local function make(_ENV) return function() return value end end
  return make({ value = "A" })(), make({ value = "B" })()
end)
try("ENV.strict", function()
  local env = setmetatable({}, { __index = function(_, k) error("undefined variable '" .. k .. "'", 2) end })
  local f = load("return undefined_thing", "=strict", "t", env)
  return f()
end)
try("ENV.nil", function()
  local _ENV = nil
  return x
end)
try("ENV.number", function()
  local _ENV = 5
  return x
end)
try("ENV.in.load", function() return load("return _ENV")() == _G end)
try("ENV.load.own", function() local e = {}; return load("return _ENV", "=c", "t", e)() == e end)
try("ENV.local.function.name", function()
  local _ENV = { print = print, tostring = tostring }
  function gfunc() return "g" end
  return gfunc(), tostring(rawget(_ENV, "gfunc") ~= nil)
end)
try("ENV.error.name", function() local _ENV = {}; return undefined.x end)
try("ENV.global.error.name", function() return undefined_global.x end)
try("ENV.global.call.name", function() return undefined_function() end)

-- the standard libraries through require
for _, name in ipairs({ "string", "table", "math", "utf8", "coroutine", "_G" }) do
  try("require." .. name, function()
    local m = require(name)
    return m == _G[name] or (name == "_G" and m == _G), type(m)
  end)
  try("require.loaded." .. name, function() return package.loaded[name] == (name == "_G" and _G or _G[name]) end)
end
try("require.same.twice", function() return require("string") == require("string") end)
try("require.bad.arg", function() return require() end)
try("require.table.arg", function() return require({}) end)
try("package.type", function() return type(package) end)
try("package.loaded.type", function() return type(package.loaded) end)
try("package.config.first", function() return package.config:sub(1, 1) end)
try("package.config.lines", function()
  local out = {}
  for line in package.config:gmatch("[^\n]+") do out[#out + 1] = line end
  return #out, out[2], out[3], out[4], out[5]
end)
try("package.path.type", function() return type(package.path) end)
try("package.preload.type", function() return type(package.preload) end)
try("require.preload", function()
  package.preload["my.preloaded"] = nil
  return type(package.preload)
end)
try("require.loaded.package", function() return package.loaded.package == package end)
try("string.methods.via.require", function() local s = require("string"); return s.upper("abc"), ("abc"):upper() end)
try("restricted.library.patch.string", function()
  local before = string.upper
  string.upper = function() return "patched" end
  local r = ("abc"):upper()
  string.upper = before
  return r
end)
try("globals.list", function()
  local names = {}
  for k, v in pairs(_G) do
    if type(k) == "string" and k ~= "io" and k ~= "os" and k ~= "debug" and k ~= "dofile" and k ~= "loadfile" and k ~= "lang" and k ~= "arg" then
      names[#names + 1] = k .. ":" .. type(v)
    end
  end
  table.sort(names)
  return table.concat(names, " ")
end)
for _, lib in ipairs({ "string", "table", "math", "utf8", "coroutine" }) do
  try("library.list." .. lib, function()
    local names = {}
    for k, v in pairs(_G[lib]) do
      if not (lib == "string" and k == "dump") and not (lib == "math" and k == "randomseed") then
        names[#names + 1] = k .. ":" .. type(v)
      end
    end
    table.sort(names)
    return table.concat(names, " ")
  end)
end

-- deliberate restrictions (listed in intended-differences.txt)
try("restricted.globals", function()
  return type(io), type(os), type(debug), type(dofile), type(loadfile), type(string.dump), type(math.randomseed)
end)
try("restricted.require.io", function() return type(require("io")) end)
try("restricted.require.missing", function() return require("no_such_module_anywhere") end)
try("restricted.collectgarbage.collect", function() return collectgarbage("collect") end)
try("restricted.collectgarbage.default", function() return collectgarbage() end)
try("restricted.setmetatable.gc.function", function() return getmetatable(setmetatable({}, { __gc = function() end })) ~= nil end)
try("restricted.load.mode.b", function() return load("return 1", "=c", "b") end)
try("restricted.string.metatable", function() return type(getmetatable("")) end)
try("restricted.collectgarbage.bogus", function() return collectgarbage("bogus") end)
try("restricted.setmetatable.gc.false", function() return getmetatable(setmetatable({}, { __gc = false })) ~= nil end)
try("restricted.load.mode.x", function() return load("return 1", "=c", "x") end)
try("restricted.io.type", function() return io.type(5) end)
try("restricted.library.extend.string", function()
  function string.shout(s) return s:upper() .. "!" end
  local ok, r = pcall(function() return ("hey"):shout() end)
  string.shout = nil
  return ok, ok and r or (tostring(r):gsub("^.-:%d+: ", ""))
end)
try("restricted.global.lang", function() return type(rawget(_G, "lang")) end)
