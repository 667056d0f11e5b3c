/// Lua source text for values: a chunk that `return`s them, readable by any Lua 5.4.
extension LuaValue {
    /// `value` as a Lua table constructor (record keys sorted, so equal values give equal text).
    public func luaLiteral() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        Self.write(self, into: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: LuaValue, into out: inout [UInt8], indent: Int) {
        switch value {
        case .nil: out += Array("nil".utf8)
        case .boolean(let b): out += Array((b ? "true" : "false").utf8)
        case .integer(let i): out += Array(String(i).utf8)
        case .number(let d):
            if d.isNaN { out += Array("(0/0)".utf8) } else if d.isInfinite { out += Array((d > 0 ? "math.huge" : "-math.huge").utf8) } else {
                out += Array(String(d).utf8)  // shortest text that reads back as the same double ("4.0", "0.1", "1e+20")
            }
        case .string(let s): quote(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += Array("{}".utf8); return }
            out += Array("{\n".utf8)
            for item in items {
                out += Array(repeating: UInt8(ascii: " "), count: (indent + 1) * 2)
                write(item, into: &out, indent: indent + 1)
                out += Array(",\n".utf8)
            }
            out += Array(repeating: UInt8(ascii: " "), count: indent * 2)
            out.append(UInt8(ascii: "}"))
        case .record(let fields):
            let keys = fields.keys.sorted().filter { fields[$0] != .nil }
            guard !keys.isEmpty else { out += Array("{}".utf8); return }
            out += Array("{\n".utf8)
            for key in keys {
                out += Array(repeating: UInt8(ascii: " "), count: (indent + 1) * 2)
                if isName(key) { out += Array(key.utf8) } else {
                    out.append(UInt8(ascii: "["))
                    quote(key, into: &out)
                    out.append(UInt8(ascii: "]"))
                }
                out += Array(" = ".utf8)
                write(fields[key]!, into: &out, indent: indent + 1)
                out += Array(",\n".utf8)
            }
            out += Array(repeating: UInt8(ascii: " "), count: indent * 2)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let reserved: Set<String> = ["and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
                                                "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"]

    private static func isName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z")) else { return false }
        return !reserved.contains(text) && text.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        }
    }

    private static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\r"): out += Array("\\r".utf8)
            case 0..<0x20, 0x7F: out += Array("\\\(byte / 100)\(byte / 10 % 10)\(byte % 10)".utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
