import CLua
import CLuaSandbox

/// Reads Lua values into `LuaValue` with raw access only: no metamethod runs, and only
/// non-raising API functions are called, so this is safe outside a protected call. A read-only
/// view (``LuaSandbox/share(_:)``) reads as the table it shows.
struct LuaValueReader {
    let L: OpaquePointer
    let maximumDepth: Int
    /// Tables on the path from the root to the value being read (for cycle detection).
    private var open: Set<UnsafeRawPointer> = []
    /// Where the value being read is, below the root: written out only for an error message, so
    /// reading a large result does not build a path string per value.
    private var root = ""
    private var keys: [Key] = []
    private enum Key { case item(Int64), field(String) }

    /// `result.items[3].school`: the path of the value being read.
    private var path: String {
        keys.reduce(root) { path, key in
            switch key {
            case .item(let index): LuaPath.appending(index, to: path)
            case .field(let name): LuaPath.appending(name, to: path)
            }
        }
    }

    init(L: OpaquePointer, maximumDepth: Int) {
        self.L = L
        self.maximumDepth = maximumDepth
    }

    /// Reads the value at `index`; `path` names it in error messages (`result`, `argument #2`).
    /// With `fields`, a table is read as a record of only those fields (others, and keys that
    /// are not text, are skipped unread): for a caller that needs a small part of a large value.
    mutating func read(at index: Int32, path: String, fields: Set<String>? = nil) throws(LuaError) -> LuaValue {
        root = path
        keys.removeAll(keepingCapacity: true)
        guard let fields, lua_type(L, index) == LUA_TTABLE else { return try read(at: index, depth: 0) }
        return try record(at: index, fields: fields)
    }

    private mutating func record(at index: Int32, fields wanted: Set<String>) throws(LuaError) -> LuaValue {
        let index = lua_absindex(L, index)
        if let real = try realTable(behind: index) {
            defer { ks_pop(L, 1) }
            return try record(at: real, fields: wanted)
        }
        var fields: [String: LuaValue] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {  // key at -2, value at -1
            let keyIndex = lua_gettop(L) - 1
            if lua_type(L, keyIndex) == LUA_TSTRING, let key = try? string(at: keyIndex, isKey: true), wanted.contains(key) {
                keys.append(.field(key))
                fields[key] = try read(at: keyIndex + 1, depth: 1)
                keys.removeLast()
            }
            ks_pop(L, 1)
        }
        return .record(fields)
    }

    private mutating func read(at index: Int32, depth: Int) throws(LuaError) -> LuaValue {
        let index = lua_absindex(L, index)
        switch lua_type(L, index) {
        case LUA_TNIL: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            return lua_isinteger(L, index) != 0 ? .integer(lua_tointegerx(L, index, nil)) : .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(try string(at: index))
        case LUA_TTABLE: return try table(at: index, depth: depth)
        default:
            let type = String(cString: lua_typename(L, lua_type(L, index)))
            throw LuaError(kind: .invalidValue, message: "\(path) is a \(type); only nil, booleans, numbers, "
                           + "strings and tables of those can be passed between Lua and Koers")
        }
    }

    /// The string at `index`, which must already be a string (lua_tolstring would convert numbers).
    private func string(at index: Int32, isKey: Bool = false) throws(LuaError) -> String {
        var length = 0
        let bytes = UnsafeRawBufferPointer(start: lua_tolstring(L, index, &length), count: length)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LuaError(kind: .invalidValue, message: "\(path)\(isKey ? " (a key)" : "") is not valid UTF-8 text")
        }
        return text
    }

    /// The real table behind the read-only view at `index`, pushed (the caller pops it), or `nil`
    /// when the table is not a view; either way with room on the stack to read it.
    private func realTable(behind index: Int32) throws(LuaError) -> Int32? {
        guard lua_checkstack(L, 4) != 0 else {
            throw LuaError(kind: .memoryLimit, message: "\(path): Lua stack exhausted")
        }
        if lua_rawgetp(L, index, ks_readonly_key()) == LUA_TTABLE { return lua_gettop(L) }
        ks_pop(L, 1)
        return nil
    }

    private mutating func table(at index: Int32, depth: Int) throws(LuaError) -> LuaValue {
        guard depth < maximumDepth else {
            throw LuaError(kind: .invalidValue, message: "\(path) is nested more than \(maximumDepth) tables deep")
        }
        let identity = lua_topointer(L, index)!
        guard !open.contains(identity) else {
            throw LuaError(kind: .invalidValue, message: "\(path) is a table that contains itself (a cycle)")
        }
        if let real = try realTable(behind: index) {
            defer { ks_pop(L, 1) }
            return try table(at: real, depth: depth)
        }
        open.insert(identity)
        defer { open.remove(identity) }
        var items: [Int64: LuaValue] = [:]
        var fields: [String: LuaValue] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {  // key at -2, value at -1
            let keyIndex = lua_gettop(L) - 1
            switch lua_type(L, keyIndex) {
            case LUA_TNUMBER where lua_isinteger(L, keyIndex) != 0:
                let key = lua_tointegerx(L, keyIndex, nil)
                keys.append(.item(key))
                items[key] = try read(at: keyIndex + 1, depth: depth + 1)
                keys.removeLast()
            case LUA_TSTRING:
                let key = try string(at: keyIndex, isKey: true)
                keys.append(.field(key))
                fields[key] = try read(at: keyIndex + 1, depth: depth + 1)
                keys.removeLast()
            default:
                let type = lua_type(L, keyIndex) == LUA_TNUMBER ? "non-integer number" : String(cString: lua_typename(L, lua_type(L, keyIndex)))
                throw LuaError(kind: .invalidValue, message: "\(path) has a \(type) key; keys must be strings (fields) or 1, 2, 3, ... (a list)")
            }
            ks_pop(L, 1)
        }
        if items.isEmpty { return fields.isEmpty ? .array([]) : .record(fields) }
        guard fields.isEmpty else {
            throw LuaError(kind: .invalidValue, message: "\(path) mixes list items (keys 1, 2, ...) with named fields (\(fields.keys.sorted().prefix(3).joined(separator: ", "))); use one or the other")
        }
        var list: [LuaValue] = []
        list.reserveCapacity(items.count)
        for position in 1...Int64(items.count) {
            guard let item = items[position] else {
                let odd = items.keys.filter { $0 < 1 || $0 > Int64(items.count) }.min()!
                throw LuaError(kind: .invalidValue, message: "\(path) is a list with a gap: it has \(items.count) items but no item \(position) (and an item at \(odd)); lists must run 1, 2, 3, ... without holes")
            }
            list.append(item)
        }
        return .array(list)
    }
}
