import CLua
import CLuaSandbox

/// Values for Lua flattened into C operations that one protected call turns into Lua values:
/// one `pcall` for a whole tree instead of one per field.
///
/// A host can write a tape directly (``newTable(arrayCount:fieldCount:)``, ``push(_:)-…``,
/// ``setField(_:)``, ``setIndex(_:)``) instead of building a ``LuaValue`` tree first: for a large
/// state that is written once and given to many scripts, that skips a Swift dictionary per
/// record. The operations form a stack machine: values are pushed, `setField`/`setIndex` pop the
/// value on top into the table below it.
public struct LuaTape: Sendable {
    private(set) var operations: [ks_op] = []
    private(set) var strings: [UInt8] = []
    /// Where each field name already is in `strings`: names repeat in every record.
    private var keys: [String: (offset: Int64, length: Int64)] = [:]

    public init() {}

    /// The tape that sets each of `globals` as a field of a table (a script's environment).
    public static func globals(_ globals: [String: LuaValue]) -> LuaTape {
        var tape = LuaTape()
        for key in globals.keys.sorted() {
            tape.append(globals[key]!)
            tape.setField(key)
        }
        return tape
    }

    /// Pushes `value`; record keys in sorted order, so equal values give equal tapes.
    public mutating func append(_ value: LuaValue) {
        switch value {
        case .nil: pushNil()
        case .boolean(let b): push(b)
        case .integer(let i): emit(KS_OP_INT, a: i)
        case .number(let d): push(d)
        case .string(let s): push(s)
        case .array(let items):
            newTable(arrayCount: items.count)
            for (index, item) in items.enumerated() {
                append(item)
                setIndex(index + 1)
            }
        case .record(let fields):
            newTable(fieldCount: fields.count)
            for key in fields.keys.sorted() {
                append(fields[key]!)
                setField(key)
            }
        }
    }

    public mutating func pushNil() { emit(KS_OP_NIL) }
    public mutating func push(_ value: Bool) { emit(value ? KS_OP_TRUE : KS_OP_FALSE) }
    public mutating func push(_ value: Int) { emit(KS_OP_INT, a: Int64(value)) }
    public mutating func push(_ value: Double) { emit(KS_OP_NUM, d: value) }
    public mutating func push(_ value: String) {
        let offset = Int64(strings.count)
        strings.append(contentsOf: value.utf8)
        emit(KS_OP_STR, a: offset, b: Int64(strings.count) - offset)
    }
    /// Pushes the text, or `nil` when there is none.
    public mutating func push(_ value: String?) {
        if let value { push(value) } else { pushNil() }
    }

    /// Pushes the read-only shared value. The tape may then be run only in its sandbox, and only
    /// while the host holds `shared`: once that is let go, the tape fails with an internal error.
    public mutating func push(_ shared: LuaSharedValue) { emit(KS_OP_SHARED, a: Int64(shared.reference)) }

    /// Pushes a new table holding the fields of the shared table `shared` (its values stay
    /// read-only), to add fields to before ``freeze()``: a per-script root over shared parts.
    public mutating func pushFields(of shared: LuaSharedValue) { emit(KS_OP_FIELDS, a: Int64(shared.reference)) }

    /// Appends items `range` (1-based) of the shared list `shared` to the list on top, as they
    /// are (read-only, not copied): a list that picks records built once for many days.
    public mutating func appendItems(of shared: LuaSharedValue, _ range: ClosedRange<Int>) {
        emit(KS_OP_ITEMS, narr: Int32(clamping: range.count), a: Int64(shared.reference), b: Int64(range.lowerBound))
    }

    /// Makes the table on top, and every table in it, read-only (see ``LuaSandbox/share(_:)``).
    public mutating func freeze() { emit(KS_OP_FREEZE) }

    /// Pushes a new table with room for `arrayCount` items and `fieldCount` fields.
    public mutating func newTable(arrayCount: Int = 0, fieldCount: Int = 0) {
        emit(KS_OP_TABLE, narr: Int32(clamping: arrayCount), a: Int64(fieldCount))
    }

    /// Pops the value on top into field `key` of the table below it (a `nil` sets nothing).
    public mutating func setField(_ key: String) {
        let location: (offset: Int64, length: Int64)
        if let known = keys[key] {
            location = known
        } else {
            let offset = Int64(strings.count)
            strings.append(contentsOf: key.utf8)
            location = (offset, Int64(strings.count) - offset)
            keys[key] = location
        }
        emit(KS_OP_SETF, a: location.offset, b: location.length)
    }

    /// Pops the value on top into item `index` (1-based) of the table below it.
    public mutating func setIndex(_ index: Int) { emit(KS_OP_SETI, a: Int64(index)) }

    /// The values the tape pushes, as Swift values: for hosts that need to look at what they give
    /// scripts (such as `koers check`'s field watch). Shared values live in Lua only: they read
    /// as `nil` here (and ``pushFields(of:)`` as an empty table). Fields set to `nil` stay in their record as
    /// `.nil`, so a record's keys are all the fields it was built with.
    public func values() -> [LuaValue] {
        enum Slot { case value(LuaValue), array([LuaValue]), record([String: LuaValue]) }
        var stack: [Slot] = []
        func text(_ op: ks_op) -> String { String(decoding: strings[Int(op.a)..<Int(op.a + op.b)], as: UTF8.self) }
        func value(_ slot: Slot) -> LuaValue {
            switch slot {
            case .value(let v): v
            case .array(let items): .array(items)
            case .record(let fields): .record(fields)
            }
        }
        for op in operations {
            switch Int(op.tag) {
            case KS_OP_NIL: stack.append(.value(.nil))
            case KS_OP_FALSE: stack.append(.value(.boolean(false)))
            case KS_OP_TRUE: stack.append(.value(.boolean(true)))
            case KS_OP_INT: stack.append(.value(.integer(op.a)))
            case KS_OP_NUM: stack.append(.value(.number(op.d)))
            case KS_OP_STR: stack.append(.value(.string(text(op))))
            case KS_OP_TABLE: stack.append(op.a > 0 ? .record([:]) : .array([]))
            case KS_OP_SHARED: stack.append(.value(.nil))
            case KS_OP_FIELDS: stack.append(.record([:]))
            case KS_OP_ITEMS: break
            case KS_OP_SETI:
                let item = value(stack.removeLast())
                if case .array(var items) = stack.removeLast() {
                    items.append(item)
                    stack.append(.array(items))
                }
            case KS_OP_SETF:
                let item = value(stack.removeLast())
                var fields: [String: LuaValue] = [:]
                if case .record(let existing) = stack.removeLast() { fields = existing }
                fields[text(op)] = item
                stack.append(.record(fields))
            default: break
            }
        }
        return stack.map(value)
    }

    /// The tape's values as bytes that do not depend on how the tape was written (where its
    /// strings sit, which field names it shares): two tapes that push equal values give equal
    /// bytes. For fingerprints of what scripts are given (a trajectory's cache, which must know
    /// when a day's state is what it was). Shared values are named by their reference only.
    public func canonicalBytes(into bytes: inout [UInt8]) {
        canonicalBytes(of: operations.indices, into: &bytes)
    }

    /// The same for the operations `range` (such as one item of ``itemRanges()``).
    public func canonicalBytes(of range: Range<Int>, into bytes: inout [UInt8]) {
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        for op in operations[range] {
            append(op.tag)
            switch Int(op.tag) {
            case KS_OP_STR, KS_OP_SETF:
                append(op.b)
                bytes.append(contentsOf: strings[Int(op.a)..<Int(op.a + op.b)])
            case KS_OP_NUM:
                append(op.d.bitPattern)
            default:
                append(op.narr)
                append(op.a)
                append(op.b)
            }
        }
    }

    /// For a tape that pushes one list (``newTable(arrayCount:fieldCount:)``, then each item and
    /// its ``setIndex(_:)``): the operations that push each item, in order. Empty for any other tape.
    public func itemRanges() -> [Range<Int>] {
        guard let first = operations.first, Int(first.tag) == KS_OP_TABLE else { return [] }
        var ranges: [Range<Int>] = []
        var depth = 1  // values on the stack: the list
        var start = 1
        for (index, op) in operations.enumerated().dropFirst() {
            switch Int(op.tag) {
            case KS_OP_SETF, KS_OP_SETI: depth -= 1
            case KS_OP_FREEZE, KS_OP_ITEMS: break
            default: depth += 1
            }
            if depth == 1 {
                guard Int(op.tag) == KS_OP_SETI else { return [] }
                ranges.append(start..<index)
                start = index + 1
            }
            if depth < 1 { return [] }
        }
        return depth == 1 ? ranges : []
    }

    /// Pushes the values; on failure the error value is on top instead. The top `arguments`
    /// values are handed to the tape (see `ks_push_tape`); `pushed` is what then stands in their place.
    func push(onto L: OpaquePointer, arguments: Int32 = 0, pushed: inout Int32) -> Int32 {
        operations.withUnsafeBufferPointer { ops in
            strings.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    ks_push_tape(L, ops.baseAddress, ops.count, chars.baseAddress, arguments, &pushed)
                }
            }
        }
    }

    func push(onto L: OpaquePointer, arguments: Int32 = 0) -> Int32 {
        var pushed: Int32 = 0
        return push(onto: L, arguments: arguments, pushed: &pushed)
    }

    private mutating func emit(_ tag: Int, narr: Int32 = 0, a: Int64 = 0, b: Int64 = 0, d: Double = 0) {
        operations.append(ks_op(tag: Int32(tag), narr: narr, a: a, b: b, d: d))
    }
}
