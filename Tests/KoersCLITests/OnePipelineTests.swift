import CovenantModel
import Foundation
import KoersPipeline
import ReportRenderers
import Testing
import WorkspaceLoader

/// The command line is a front end of ``ReportPipeline``, as the portal will be: what
/// `koers report` writes is what the pipeline makes, byte for byte, so the two cannot drift.
@Suite("One pipeline for every front end")
struct OnePipelineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [Language.nl, .en])
    func theCommandLineWritesWhatThePipelineMakes(language: Language) throws {
        let day = try DateText.day(from: "2026-11-23")
        let pipeline = ReportPipeline(workspace: Self.repository, asOf: day, language: language)
        let loading = pipeline.load()
        #expect(loading.result.errors.isEmpty)
        let workspace = try #require(loading.workspace)
        let comparison = try ComparisonDay.choose(given: nil, asOf: day, events: workspace.events)
        var stages: [String] = []
        let made = pipeline.make(from: workspace, history: true, comparisonDay: comparison) { stages.append($0) }
        #expect(made.failures.isEmpty, "\(made.failures)")
        #expect(stages.first?.hasPrefix("rules (") == true && stages.last == "report model", "\(stages)")
        let json = try #require(try JSONReporter().render(made.report).first { $0.path == "report.json" })

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("koers-pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try KoersProcess.run(["report", "--as-of", "2026-11-23", "--format", "json", "--lang", language.rawValue,
                                           "--out", out.path], in: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try Data(contentsOf: out.appendingPathComponent("report.json"))
        #expect(Array(written) == json.contents)
    }

    @Test func invalidDataComesBackAsDiagnosticsNotAWorkspace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "covenant: [".write(to: folder.appendingPathComponent("covenant.yaml"), atomically: true, encoding: .utf8)
        let loading = ReportPipeline(workspace: folder, asOf: try DateText.day(from: "2026-11-23")).load()
        #expect(loading.workspace == nil)
        #expect(loading.result.errors.contains { $0.location.file.hasSuffix("covenant.yaml") }, "\(loading.result.diagnostics)")
    }
}
