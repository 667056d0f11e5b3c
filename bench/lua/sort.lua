-- table.sort of a million numbers (a deterministic generator, the same in both interpreters).
local t, x = {}, 12345
for i = 1, 1e6 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x end
table.sort(t)
print(t[1], t[#t])
