import CLua
import CLuaSandbox

/// Swift values flattened into C operations that one protected call turns into Lua values:
/// one `pcall` for a whole tree instead of one per field. Record keys are pushed in sorted order.
struct LuaTape {
    private(set) var operations: [ks_op] = []
    private(set) var strings: [UInt8] = []

    mutating func append(_ value: LuaValue) {
        switch value {
        case .nil: emit(KS_OP_NIL)
        case .boolean(let b): emit(b ? KS_OP_TRUE : KS_OP_FALSE)
        case .integer(let i): emit(KS_OP_INT, a: i)
        case .number(let d): emit(KS_OP_NUM, d: d)
        case .string(let s):
            let (offset, length) = store(s)
            emit(KS_OP_STR, a: offset, b: length)
        case .array(let items):
            emit(KS_OP_TABLE, narr: Int32(clamping: items.count))
            for (index, item) in items.enumerated() {
                append(item)
                emit(KS_OP_SETI, a: Int64(index + 1))
            }
        case .record(let fields):
            emit(KS_OP_TABLE, a: Int64(fields.count))
            for key in fields.keys.sorted() {
                append(fields[key]!)
                let (offset, length) = store(key)
                emit(KS_OP_SETF, a: offset, b: length)
            }
        }
    }

    /// Pushes the values; on failure the error value is on top instead.
    func push(onto L: OpaquePointer, pushed: inout Int32) -> Int32 {
        operations.withUnsafeBufferPointer { ops in
            strings.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    ks_push_tape(L, ops.baseAddress, ops.count, chars.baseAddress, &pushed)
                }
            }
        }
    }

    func push(onto L: OpaquePointer) -> Int32 {
        var pushed: Int32 = 0
        return push(onto: L, pushed: &pushed)
    }

    private mutating func emit(_ tag: Int, narr: Int32 = 0, a: Int64 = 0, b: Int64 = 0, d: Double = 0) {
        operations.append(ks_op(tag: Int32(tag), narr: narr, a: a, b: b, d: d))
    }

    private mutating func store(_ text: String) -> (Int64, Int64) {
        let offset = Int64(strings.count)
        strings.append(contentsOf: text.utf8)
        return (offset, Int64(strings.count) - offset)
    }
}
