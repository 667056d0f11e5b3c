import LuaHost
import Testing

/// What the trajectory cache's fingerprints stand on: a tape's values as bytes that depend on the
/// values alone, not on how the tape was written (where its strings sit, which field names it
/// shares), and the items of a list tape found one by one.
@Suite("Tapes as bytes")
struct LuaTapeTests {
    static let mundus: LuaValue = ["id": "mundus", "levels": ["vmbo-b", "vmbo-k"], "students": 120]
    static let terra: LuaValue = ["id": "terra", "levels": ["vmbo-t"], "students": 80.5]

    static func bytes(_ value: LuaValue) -> [UInt8] {
        var tape = LuaTape()
        tape.append(value)
        var bytes: [UInt8] = []
        tape.canonicalBytes(into: &bytes)
        return bytes
    }

    @Test func aRecordGivesTheSameBytesAloneAndAsTheSecondItemOfAList() {
        // In the list, terra's field names are written once, for mundus: its bytes must not show it.
        var list = LuaTape()
        list.append(.array([Self.mundus, Self.terra]))
        var alone = LuaTape()
        alone.append(.array([Self.terra]))
        let items = list.itemRanges(), single = alone.itemRanges()
        #expect(items.count == 2 && single.count == 1)
        var inList: [UInt8] = [], onItsOwn: [UInt8] = []
        list.canonicalBytes(of: items[1], into: &inList)
        alone.canonicalBytes(of: single[0], into: &onItsOwn)
        #expect(!inList.isEmpty && inList == onItsOwn)
    }

    @Test func anyChangedValueChangesTheBytes() {
        let base = Self.bytes(Self.mundus)
        #expect(Self.bytes(["id": "mundus", "levels": ["vmbo-b", "vmbo-k"], "students": 120]) == base)
        #expect(Self.bytes(["id": "mundus", "levels": ["vmbo-b", "vmbo-k"], "students": 121]) != base)
        #expect(Self.bytes(["id": "mundus", "levels": ["vmbo-k", "vmbo-b"], "students": 120]) != base)
        // 120.0 is a float in Lua 5.4, not the integer 120.
        #expect(Self.bytes(["id": "mundus", "levels": ["vmbo-b", "vmbo-k"], "students": 120.0]) != base)
        #expect(Self.bytes(["id": "mundus", "level": ["vmbo-b", "vmbo-k"], "students": 120]) != base)
        // Lengths are part of the bytes: text cannot run over into the next field.
        #expect(Self.bytes(["a": "bc", "d": "e"]) != Self.bytes(["a": "b", "d": "ce"]))
    }

    @Test func aTapeThatIsNotOneListHasNoItems() {
        var record = LuaTape()
        record.append(Self.mundus)
        #expect(record.itemRanges().isEmpty)
        var two = LuaTape()
        two.append(.array(["a"]))
        two.append(.array(["b"]))
        #expect(two.itemRanges().isEmpty)
        var empty = LuaTape()
        empty.append(.array([]))
        #expect(empty.itemRanges().isEmpty)
    }
}
