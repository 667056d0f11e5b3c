import CovenantModel
import Foundation
import LuaHost
import RuleEngine
import TargetJudgement
import Testing
import WorkspaceLoader

/// A small workspace made for one default rule: the repository's own rule scripts and the
/// repository's own definition of the target (cut from covenant.yaml, so the fixture judges what
/// Amsterdam judges), with state files written by the test. Record files the test does not write
/// are empty; boards, institutions and colleges come from the minimal test workspace
/// (bestuur-noord, bestuur-zuid, roc-test, roc-test-noord).
final class RuleFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let minimal = repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal")
    static let recordFiles = ["schools", "routes", "route-stages", "route-requirements", "route-cohorts", "events",
                              "school-years", "data-sharing", "havo-milestones", "waivers"]

    let url: URL
    let targetID: String

    init(target targetID: String, files: [String: String]) throws {
        self.targetID = targetID
        url = FileManager.default.temporaryDirectory.appendingPathComponent("koers-fixture-\(targetID)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.minimal, to: url)
        for name in Self.recordFiles {
            let file = url.appendingPathComponent("state/\(name).csv")
            let header = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")[0]
            try Data("\(header)\n".utf8).write(to: file)
        }
        try Data(Self.covenant(with: targetID).utf8).write(to: url.appendingPathComponent("covenant.yaml"))
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("rules"), to: url.appendingPathComponent("rules"))
        for (name, text) in files {
            try Data(text.utf8).write(to: url.appendingPathComponent("state/\(name).csv"))
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A covenant with the minimal workspace's parties and the repository's definition of one target.
    static func covenant(with targetID: String) throws -> String {
        let text = try String(contentsOf: repository.appendingPathComponent("covenant.yaml"), encoding: .utf8)
        let targets = try #require(text.components(separatedBy: "\ntargets:").last)
        let blocks = targets.components(separatedBy: "\n  - id: ")
        let block = try #require(blocks.first { $0.hasPrefix("\(targetID)\n") }, "no target \(targetID) in covenant.yaml")
        return """
            name: Testconvenant
            period: {baseline: 2024-01-01, deadline: 2027-07-31}
            parties:
              - {name: Bestuur Noord, role: vo, board: bestuur-noord}
              - {name: Bestuur Zuid, role: vo, board: bestuur-zuid}
              - {name: ROC Test, role: mbo, board: bestuur-roc}
            action_lines:
              - {id: leerroutes, title: Leerroutes}
              - {id: lob, title: LOB}
              - {id: kennisdeling, title: Kennisdeling}
            targets:
              - id: \(block.components(separatedBy: "\n\n")[0])

            """
    }

    func judge(asOf text: String) throws -> TargetJudgement {
        let result = WorkspaceLoader.load(from: url)
        let workspace = try #require(result.workspace, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        let judgements = RuleRunner(workspace: url).judge(workspace.state(asOf: Day(iso: text)!))
        let judgement = try #require(judgements.first { $0.targetID == targetID })
        if let failure = judgement.failure { Issue.record("\(targetID) failed on \(text): \(failure)") }
        return judgement
    }

    /// Judges on `date` and checks the numbers a status line shows; `projection` is checked when
    /// given. Numbers compare as the report shows them (one decimal, rounded half up), so a test
    /// says `expected: 1.3` for the 1,3 meetings a reader sees.
    func expect(_ date: String, _ status: TargetStatus, value: Double?, expected: Double?, needed: Double?,
                projection: Double?? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let judgement = try judge(asOf: date)
        #expect(judgement.status == status, "status on \(date)", sourceLocation: sourceLocation)
        #expect(Self.shown(judgement.value) == value, "value on \(date)", sourceLocation: sourceLocation)
        #expect(Self.shown(judgement.expected) == expected, "expected on \(date)", sourceLocation: sourceLocation)
        #expect(Self.shown(judgement.needed) == needed, "needed on \(date)", sourceLocation: sourceLocation)
        if let projection {
            #expect(Self.shown(judgement.projection) == projection, "projection on \(date)", sourceLocation: sourceLocation)
        }
    }

    /// A number as the report shows it: one decimal, rounded half up.
    static func shown(_ value: Double?) -> Double? {
        value.map { ($0 * 10 + 0.5).rounded(.down) / 10 }
    }
}
