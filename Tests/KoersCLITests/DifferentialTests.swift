import Foundation
import Testing

/// Proof that the sandbox is still Lua: every program in Tests/Differential/corpus runs through
/// `koers lua` and through Debian's stock `lua5.4`, and both must print the same lines. The
/// differences the sandbox makes on purpose are listed, with their reasons, in
/// Tests/Differential/intended-differences.txt (`file.lua: label — reason`); a difference on any
/// other line fails, and so does a listed difference that no longer occurs, so the list stays true.
@Suite("differential: koers lua against stock lua5.4")
struct DifferentialTests {
    static let folder = ReportCommandTests.repository.appendingPathComponent("Tests/Differential")
    static let stock = URL(fileURLWithPath: "/usr/bin/lua5.4")
    static var corpus: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("corpus").path)) ?? [])
            .filter { $0.hasSuffix(".lua") }.sorted()
    }

    /// The labels of intended differences, by corpus file.
    static func intended() throws -> [String: [String]] {
        let text = try String(contentsOf: folder.appendingPathComponent("intended-differences.txt"), encoding: .utf8)
        var out: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = line.firstIndex(of: ":"), let dash = line.range(of: " — ") else { continue }
            let file = String(line[..<colon])
            let label = line[line.index(after: colon)..<dash.lowerBound].trimmingCharacters(in: .whitespaces)
            out[file, default: []].append(label)
        }
        return out
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: stock.path),
                   "Debian's lua5.4 is not installed (scripts/lua-test-libraries.sh installs it); the differential test is skipped"),
          arguments: corpus)
    func sameOutputAsStockLua(_ file: String) throws {
        let path = "corpus/" + file
        // Both find the shared prelude in rules/: koers through its workspace, lua5.4 through LUA_PATH.
        let stock = try KoersProcess.run([path], in: Self.folder, environment: ["LUA_PATH": "rules/?.lua"], executable: Self.stock)
        let koers = try KoersProcess.run(["lua", "--workspace", ".", path], in: Self.folder)
        let expected = (stock.stdout + stock.stderr).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let actual = koers.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(expected.count > 20, "\(file) prints too little to compare: \(stock.stdout)\(stock.stderr)")
        let labels = try Self.intended()[file] ?? []
        func isIntended(_ line: String) -> String? { labels.first { line.hasPrefix($0) } }
        #expect(expected.count == actual.count,
                "\(file): stock printed \(expected.count) lines, koers \(actual.count); first difference: \(Self.firstDifference(expected, actual))")
        var used: Set<String> = []
        for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
            if let label = isIntended(want) ?? isIntended(got) {
                used.insert(label)
                continue
            }
            Issue.record("\(file), line \(index + 1):\n  lua5.4: \(want)\n  koers:  \(got)")
        }
        for label in labels where !used.contains(label) {
            Issue.record("\(file): the intended difference '\(label)' no longer occurs; take it out of intended-differences.txt")
        }
    }

    static func firstDifference(_ a: [String], _ b: [String]) -> String {
        for (index, (x, y)) in zip(a, b).enumerated() where x != y { return "line \(index + 1): lua5.4 '\(x)', koers '\(y)'" }
        return a.count > b.count ? "lua5.4 goes on: '\(a[b.count])'" : (b.count > a.count ? "koers goes on: '\(b[a.count])'" : "none")
    }
}
