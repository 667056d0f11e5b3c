-- The prelude every corpus file requires: a deterministic formatter and a protected runner, so
-- that stock lua5.4 and `koers lua` print the same lines for the same behaviour.
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

return { esc = esc, fmt = fmt, fmtall = fmtall, try = try, show = show }
