-- A tight loop: what the instruction budget costs in plain code.
local s = 0
for i = 1, 1e8 do s = s + i end
print(s)
