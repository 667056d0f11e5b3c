-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
-- Prelude (the same in every corpus file): a deterministic formatter and a protected runner.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat

local function esc(s)
  local out = {}
  for i = 1, #s do
    local b = sbyte(s, i)
    if b == 92 then out[#out + 1] = "\\\\"
    elseif b == 34 then out[#out + 1] = '\\"'
    elseif b >= 32 and b < 127 then out[#out + 1] = string.char(b)
    else out[#out + 1] = sformat("\\x%02X", b) end
  end
  return '"' .. tconcat(out) .. '"'
end

local fmt
local function fmtnum(v)
  if mtype(v) == "integer" then return sformat("%d", v) end
  if v ~= v then return "nan" end
  if v == math.huge then return "inf" elseif v == -math.huge then return "-inf" end
  return sformat("%.17g", v) .. "f"
end

function fmt(v, seen)
  local t = type(v)
  if t == "nil" or t == "boolean" then return tostring(v)
  elseif t == "number" then return fmtnum(v)
  elseif t == "string" then return esc(v)
  elseif t == "table" then
    seen = seen or {}
    if seen[v] then return "<cycle>" end
    seen[v] = true
    local keys, k = {}, next(v)
    while k ~= nil do keys[#keys + 1] = k; k = next(v, k) end
    local shown = {}
    for i = 1, #keys do shown[i] = { fmt(keys[i], seen), keys[i] } end
    tsort(shown, function(a, b) return a[1] < b[1] end)
    local parts = {}
    for i = 1, #shown do parts[i] = shown[i][1] .. "=" .. fmt(rawget(v, shown[i][2]), seen) end
    seen[v] = nil
    return "{" .. tconcat(parts, ",") .. "}"
  else return "<" .. t .. ">" end
end

local function fmtall(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = fmt((select(i, ...))) end
  return "(" .. n .. ") " .. tconcat(parts, ", ")
end

-- try(label, f, ...): calls f(...) protected and prints "label ok <results>" or "label err <error>".
local function try(label, f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] then print(label, "ok", fmtall(table.unpack(r, 2, r.n)))
  else print(label, "err", fmt(r[2])) end
end

-- show(label, ...): prints values already computed.
local function show(label, ...) print(label, fmtall(...)) end
-- End of prelude.

local co = coroutine

-- basics
try("create.ret", function() return type(co.create(function() end)) end)
try("create.bad", co.create, 1)
try("create.none", co.create)
try("create.callable", co.create, setmetatable({}, { __call = function() end }))
try("resume.values", function()
  local c = co.create(function(a, b)
    local x, y = co.yield(a + b)
    local z = co.yield(x * y)
    return "done", z
  end)
  local out = {}
  out[#out + 1] = fmtall(co.resume(c, 1, 2))
  out[#out + 1] = co.status(c)
  out[#out + 1] = fmtall(co.resume(c, 3, 4))
  out[#out + 1] = fmtall(co.resume(c, "z"))
  out[#out + 1] = co.status(c)
  out[#out + 1] = fmtall(co.resume(c))
  out[#out + 1] = fmtall(co.resume(c))
  return table.concat(out, " | ")
end)
try("resume.notthread", co.resume, 1)
try("resume.none", co.resume)
try("resume.self", function() local c; c = co.create(function() return co.resume(c) end); return co.resume(c) end)
try("resume.main", function() local main = co.running(); return co.resume(main) end)
try("resume.normal", function()
  local outer
  outer = co.create(function()
    local inner = co.create(function() return co.status(outer), co.resume(outer) end)
    return co.resume(inner)
  end)
  return co.resume(outer)
end)
try("status.all", function()
  local out = {}
  local c
  c = co.create(function() out[#out + 1] = co.status(c); co.yield(); end)
  out[#out + 1] = co.status(c)
  co.resume(c)
  out[#out + 1] = co.status(c)
  co.resume(c)
  out[#out + 1] = co.status(c)
  return table.concat(out, " ")
end)
try("status.bad", co.status, {})
try("status.none", co.status)
try("isyieldable.main", co.isyieldable)
try("isyieldable.co", function() return co.resume(co.create(function() return co.isyieldable() end)) end)
try("isyieldable.arg", function() local c = co.create(function() co.yield() end); co.resume(c); return co.isyieldable(c) end)
try("running.main", function() local c, ismain = co.running(); return type(c), ismain end)
try("running.co", function() return co.resume(co.create(function() local c, m = co.running(); return type(c), m end)) end)
try("yield.main", co.yield, 1)
try("yield.main.direct", function() co.yield(1) end)

-- errors inside coroutines
try("error.in.co", function() return co.resume(co.create(function() error("inside") end)) end)
try("error.in.co.table", function() return co.resume(co.create(function() error({ code = 1 }) end)) end)
try("error.in.co.level0", function() return co.resume(co.create(function() error("lvl0", 0) end)) end)
try("error.in.co.runtime", function() return co.resume(co.create(function() local x; return x.y end)) end)
try("error.dead.after", function()
  local c = co.create(function() error("x") end)
  co.resume(c)
  return co.status(c), co.resume(c)
end)
try("error.after.yield", function()
  local c = co.create(function() co.yield(1); error("second", 0) end)
  return fmtall(co.resume(c)), fmtall(co.resume(c)), co.status(c)
end)

-- wrap
try("wrap.basic", function()
  local g = co.wrap(function(a) local b = co.yield(a * 2); return b + 1 end)
  return g(5), g(10)
end)
try("wrap.dead", function()
  local g = co.wrap(function() return 1 end)
  g()
  return g()
end)
try("wrap.error", function()
  local g = co.wrap(function() error("in wrap") end)
  return g()
end)
try("wrap.error.level0", function() local g = co.wrap(function() error("lvl0", 0) end); return g() end)
try("wrap.error.table", function() local g = co.wrap(function() error({ 1 }) end); return g() end)
try("wrap.error.number", function() local g = co.wrap(function() error(42) end); return g() end)
try("wrap.error.runtime", function() local g = co.wrap(function() local t; return t.x end); return g() end)
try("wrap.error.nested", function()
  local g = co.wrap(function()
    local h = co.wrap(function() error("deep") end)
    return h()
  end)
  return g()
end)
try("wrap.pcall.msg", function()
  local g = co.wrap(function() error("msg") end)
  local ok, e = pcall(g)
  return ok, e
end)
try("wrap.bad", co.wrap, 1)
try("wrap.none", co.wrap)
try("wrap.generator", function()
  local function gen(n) return co.wrap(function() for i = 1, n do co.yield(i) end end) end
  local out = {}
  for v in gen(5) do out[#out + 1] = v end
  return table.concat(out, ",")
end)
try("wrap.resume.running", function()
  local g
  g = co.wrap(function() return g() end)
  return g()
end)
try("wrap.close.pending", function()
  local out = {}
  local g = co.wrap(function()
    local c <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "closed with " .. tostring(e) end })
    error("wrapped failure", 0)
  end)
  local ok, e = pcall(g)
  return table.concat(out, " "), ok, e
end)
try("wrap.close.error.replaces", function()
  local g = co.wrap(function()
    local c <close> = setmetatable({}, { __close = function() error("close error", 0) end })
    error("original", 0)
  end)
  return pcall(g)
end)

-- yields across pcall, xpcall, iterators, metamethods
try("yield.in.pcall", function()
  local c = co.create(function()
    local ok, v = pcall(function() local x = co.yield("from pcall"); return x * 2 end)
    return ok, v
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, 21))
end)
try("yield.in.pcall.error", function()
  local c = co.create(function()
    return pcall(function() co.yield(1); error("after yield", 0) end)
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c))
end)
try("yield.in.xpcall", function()
  local c = co.create(function()
    return xpcall(function(a) local x = co.yield(a); return x + 1 end, function(m) return "H:" .. m end, "arg")
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, 41))
end)
try("yield.in.xpcall.error", function()
  local c = co.create(function()
    return xpcall(function() co.yield("y"); error("boom", 0) end, function(m) return "handled " .. m end)
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c))
end)
try("yield.in.xpcall.handler.traceback", function()
  local c = co.create(function()
    return xpcall(function() co.yield(); local t; return t.x end, function(m) return (m:gsub("^.-:%d+: ", "")) end)
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c))
end)
try("yield.in.xpcall.multiple", function()
  local c = co.create(function()
    return xpcall(function() local s = 0; for i = 1, 3 do s = s + co.yield(i) end; return s, "end" end, print)
  end)
  local out = { fmtall(co.resume(c)) }
  for i = 1, 3 do out[#out + 1] = fmtall(co.resume(c, i * 10)) end
  return table.concat(out, " | ")
end)
try("yield.nested.pcall", function()
  local c = co.create(function()
    return pcall(pcall, function() return co.yield("deep") end)
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, "back"))
end)
try("yield.in.iterator", function()
  local c = co.create(function()
    local out = {}
    local function iter(_, i) i = i + 1; if i <= 3 then co.yield("iter " .. i); return i end end
    for i in iter, nil, 0 do out[#out + 1] = i end
    return table.concat(out, ",")
  end)
  local res = {}
  while true do
    local r = { co.resume(c) }
    res[#res + 1] = tostring(r[2])
    if co.status(c) == "dead" then break end
  end
  return table.concat(res, " ")
end)
try("yield.in.__index", function()
  local t = setmetatable({}, { __index = function(_, k) return co.yield("need " .. k) end })
  local c = co.create(function() return "got " .. t.foo end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, "value"))
end)
try("yield.in.__add", function()
  local v = setmetatable({}, { __add = function(a, b) return co.yield("adding") end })
  local c = co.create(function() return v + 1 end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, 99))
end)
try("yield.in.__lt", function()
  local m = { __lt = function() return co.yield("comparing") end }
  local c = co.create(function() return setmetatable({}, m) < setmetatable({}, m) end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, 1))
end)
try("yield.in.__concat", function()
  local v = setmetatable({}, { __concat = function() return co.yield("concat") end })
  local c = co.create(function() return "a" .. v .. "b" end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, "X"))
end)
try("yield.in.__eq", function()
  local m = { __eq = function() return co.yield("eq") end }
  local c = co.create(function() return setmetatable({}, m) == setmetatable({}, m) end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, false))
end)
try("yield.in.__newindex", function()
  local t = setmetatable({}, { __newindex = function(t, k, v) rawset(t, k, co.yield("set " .. k)) end })
  local c = co.create(function() t.a = 1; return t.a end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, "stored"))
end)
try("yield.in.__close", function()
  local c = co.create(function()
    local x <close> = setmetatable({}, { __close = function() co.yield("closing") end })
    return "body"
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c)), co.status(c)
end)
try("yield.across.c.sort", function()
  local c = co.create(function() local t = { 2, 1 }; table.sort(t, function(a, b) co.yield(); return a < b end) end)
  local ok, e = co.resume(c)
  return ok, e
end)
try("yield.across.gsub", function()
  local c = co.create(function() return (("ab"):gsub(".", function(x) co.yield(x) end)) end)
  return co.resume(c)
end)
try("yield.across.tostring", function()
  local c = co.create(function() return tostring(setmetatable({}, { __tostring = function() co.yield() return "s" end })) end)
  return co.resume(c)
end)
try("yield.across.load.reader", function()
  local c = co.create(function() return load(function() co.yield() end) end)
  return co.resume(c)
end)

-- close
try("close.suspended", function()
  local out = {}
  local c = co.create(function()
    local a <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "a:" .. tostring(e) end })
    local b <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "b:" .. tostring(e) end })
    co.yield()
  end)
  co.resume(c)
  local r = fmtall(co.close(c))
  return r, table.concat(out, " "), co.status(c)
end)
try("close.suspended.error", function()
  local c = co.create(function()
    local a <close> = setmetatable({}, { __close = function() error("close failed", 0) end })
    co.yield()
  end)
  co.resume(c)
  return fmtall(co.close(c)), co.status(c)
end)
try("close.dead.error", function()
  local c = co.create(function() error("died", 0) end)
  co.resume(c)
  return fmtall(co.close(c)), fmtall(co.close(c))
end)
try("close.dead.ok", function()
  local c = co.create(function() return 1 end)
  co.resume(c)
  return co.close(c)
end)
try("close.notstarted", function() return co.close(co.create(function() end)) end)
try("close.running", function() return co.resume(co.create(function() return co.close(co.running()) end)) end)
try("close.main", function() return co.close(co.running()) end)
try("close.normal", function()
  local outer
  outer = co.create(function() return co.resume(co.create(function() return co.close(outer) end)) end)
  return co.resume(outer)
end)
try("close.bad", co.close, 1)
try("close.none", co.close)
try("close.then.resume", function()
  local c = co.create(function() co.yield() end)
  co.resume(c)
  co.close(c)
  return co.resume(c)
end)
try("close.error.object", function()
  local c = co.create(function() error({ code = 9 }) end)
  co.resume(c)
  return co.close(c)
end)
try("close.error.in.close.after.error", function()
  local c = co.create(function()
    local a <close> = setmetatable({}, { __close = function(_, e) error("close saw " .. tostring(e), 0) end })
    error("first", 0)
  end)
  return fmtall(co.resume(c)), fmtall(co.close(c))
end)

-- misc
try("many.coroutines", function()
  local cs = {}
  for i = 1, 100 do cs[i] = co.wrap(function() local s = 0; while true do s = s + co.yield(s) end end); cs[i]() end
  local sum = 0
  for i = 1, 100 do sum = sum + cs[i](i) end
  return sum
end)
try("resume.passes.varargs", function()
  local c = co.create(function(...) return select("#", ...), ... end)
  return co.resume(c, nil, nil, 3)
end)
try("yield.returns.varargs", function()
  local c = co.create(function() return select("#", co.yield()) end)
  co.resume(c)
  return co.resume(c, nil, nil)
end)
try("deep.recursion.in.co", function()
  local function depth(n) if n == 0 then return co.yield("bottom") end return depth(n - 1) end
  local c = co.create(function() return depth(150) end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, "up"))
end)
try("cstack.overflow.in.co", function()
  local t = setmetatable({}, { __index = function(t, k) return t[k] end })
  return co.resume(co.create(function() return t.x end))
end)
try("wrap.error.again", function()
  local g = co.wrap(function() error("once", 0) end)
  local r1 = fmtall(pcall(g))
  local r2 = fmtall(pcall(g))
  return r1, r2
end)
try("wrap.yield.then.error", function()
  local g = co.wrap(function() co.yield(1); error("later") end)
  return g(), pcall(g)
end)
try("wrap.running", function()
  local g = co.wrap(function() local c, m = co.running(); return type(c), m, co.isyieldable() end)
  return g()
end)
try("wrap.args", function()
  local g = co.wrap(function(...) return select("#", ...), ... end)
  return g(nil, 2, nil)
end)
try("wrap.error.in.close.after.yield", function()
  local g = co.wrap(function()
    local a <close> = setmetatable({}, { __close = function(_, e) error("closer: " .. tostring(e), 0) end })
    co.yield("y")
    error("body", 0)
  end)
  return g(), pcall(g)
end)
try("xpcall.handler.yields", function()
  local c = co.create(function()
    return xpcall(function() error("e", 0) end, function(m) return co.yield("from handler") end)
  end)
  return fmtall(co.resume(c)), fmtall(co.resume(c, "resumed"))
end)
try("xpcall.in.wrap", function()
  local g = co.wrap(function() return xpcall(function() co.yield("a"); error("b", 0) end, function(m) return m .. "!" end) end)
  return g(), g()
end)
try("pcall.isyieldable", function()
  return co.resume(co.create(function() return pcall(co.isyieldable) end))
end)
try("close.suspended.multiple.errors", function()
  local c = co.create(function()
    local a <close> = setmetatable({}, { __close = function(_, e) error("a saw " .. tostring(e), 0) end })
    local b <close> = setmetatable({}, { __close = function(_, e) error("b saw " .. tostring(e), 0) end })
    co.yield()
  end)
  co.resume(c)
  return fmtall(co.close(c)), co.status(c)
end)
try("resume.after.close.error", function()
  local c = co.create(function()
    local a <close> = setmetatable({}, { __close = function() error("x", 0) end })
    co.yield()
  end)
  co.resume(c)
  co.close(c)
  return co.resume(c)
end)
