-- Decoding a 1 MB JSON document with dkjson (Debian's lua-dkjson, unmodified).
local json = require("dkjson")
local items = {}
for i = 1, 14000 do items[i] = { id = i, name = "school " .. i, share = i / 8, tags = { "vmbo-b", "havo" } } end
local text = json.encode(items)
local back = json.decode(text)
print(#text, #back)
