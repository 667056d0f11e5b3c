// libFuzzer target: values crossing between Swift and the Lua sandbox. Built only by
// scripts/fuzz (KOERS_FUZZ=1).
//
// The first byte picks a direction:
// - even: the rest is decoded into a LuaValue, given to a script as a global, returned by it,
//   and must come back equal (an empty record comes back as an empty array, as documented);
// - odd: the rest is a Lua chunk run in the sandbox with a small budget; whatever it returns
//   (cycles, functions, sparse tables, huge nesting) must cross as a value or as a LuaError.
import FuzzSupport
import LuaHost

nonisolated(unsafe) private let sandbox = try! LuaSandbox(limits: LuaLimits(instructions: 200_000, memoryBytes: 32 << 20, milliseconds: 500))
private let echo = LuaScript(chunkName: "echo.lua", source: "return value")

/// Reads a LuaValue from bytes: a small grammar so every input means some value.
private struct Decoder {
    var bytes: ArraySlice<UInt8>
    mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }
    mutating func integer() -> Int64 {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return Int64(bitPattern: value)
    }
    mutating func text() -> String {
        let length = Int(byte() % 24)
        let taken = bytes.prefix(length)
        bytes = bytes.dropFirst(length)
        return String(decoding: taken, as: UTF8.self)
    }
    mutating func value(depth: Int) -> LuaValue {
        switch byte() % (depth < 12 ? 7 : 5) {
        case 0: return .boolean(byte() & 1 == 1)
        case 1: return .integer(integer())
        case 2:
            let number = Double(bitPattern: UInt64(bitPattern: integer()))
            return .number(number.isNaN ? 0.5 : number)
        case 3, 4: return .string(text())
        case 5: return .array((0..<Int(byte() % 6)).map { _ in value(depth: depth + 1) })
        default:
            var record: [String: LuaValue] = [:]
            for _ in 0..<Int(byte() % 6) { record[text()] = value(depth: depth + 1) }
            return .record(record)
        }
    }
}

/// What a value looks like after a round trip: an empty table is an empty array.
private func crossed(_ value: LuaValue) -> LuaValue {
    switch value {
    case .array(let items): return .array(items.map(crossed))
    case .record(let fields): return fields.isEmpty ? .array([]) : .record(fields.mapValues(crossed))
    default: return value
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLuaCrossing(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    if mode & 1 == 0 {
        var decoder = Decoder(bytes: bytes.dropFirst())
        let value = decoder.value(depth: 0)
        do {
            let result = try sandbox.run(echo, globals: ["value": value])
            precondition(result == [crossed(value)], "\(value) came back as \(result)")
        } catch {
            preconditionFailure("a plain value could not cross: \(value): \(error)")
        }
    } else {
        let script = LuaScript(chunkName: "fuzz.lua", bytes: Array(bytes.dropFirst()))
        do {
            let result = try sandbox.run(script)
            _ = try? LuaValue.array(result).jsonText()
        } catch {
            precondition(!error.message.isEmpty, "an error without a message")
        }
    }
    return 0
}

/// SwiftPM renames `main` to `FuzzLuaCrossing_main`; libFuzzer starts from there.
@_cdecl("FuzzLuaCrossing_main")
public func fuzzLuaCrossingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzLuaCrossing)
}
