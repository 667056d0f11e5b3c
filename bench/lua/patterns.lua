-- Everyday pattern idioms over 1 MB of text.
local text = string.rep("sleutel=waarde  een\ttwee drie ", 34000)
local spaced = text:gsub("%s+", " ")
local n = 0
for k, v in text:gmatch("(%w+)=(%w+)") do n = n + 1 end
local trimmed = ("   " .. text .. "   "):match("^%s*(.-)%s*$")
print(#text, #spaced, n, #trimmed)
