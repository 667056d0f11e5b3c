import CovenantModel
import Foundation
import RuleEngine
import TargetJudgement
import Testing
import WorkspaceLoader

/// The repository's own workspace, the Amsterdam covenant, judged by its own rules.
@Suite("default workspace")
struct DefaultWorkspaceTests {
    static func judge(_ date: String) throws -> [String: TargetJudgement] {
        let result = WorkspaceLoader.load(from: RuleFixture.repository)
        let workspace = try #require(result.workspace, "\(result.diagnostics)")
        let judgements = RuleRunner(workspace: RuleFixture.repository).judge(workspace.state(asOf: Day(iso: date)!))
        return Dictionary(uniqueKeysWithValues: judgements.map { ($0.targetID, $0) })
    }

    @Test func theBaselineDayShowsTheCovenantsBaselines() throws {
        let judgements = try Self.judge("2024-01-01")
        // "Per 1 januari 2024 bieden vier van deze scholen een leerroute vo-mbo aan" … twaalf in juli 2027.
        #expect(judgements["routes-vmbo-b"]?.value == 4 && judgements["routes-vmbo-b"]?.target == 12)
        #expect(judgements["routes-vmbo-k"]?.value == 0 && judgements["routes-vmbo-k"]?.target == 3)
        #expect(judgements["routes-vmbo-t"]?.value == 0 && judgements["routes-vmbo-t"]?.target == 4)
        for id in ["routes-vmbo-b", "routes-vmbo-k", "routes-vmbo-t"] {
            #expect(judgements[id]?.status == .onTrack, "\(id)")
        }
        #expect(judgements["routes-vmbo-b"]?.counted.map(\.label) == [
            "Vakmanschapsroute Calvijn College", "Geïntegreerde route MLO", "Geïntegreerde route Bindelmeer College",
            "Geïntegreerde route Noorderlicht",
        ])
        #expect(judgements["routes-vmbo-t"]?.notes.first
                == "Montessori College Terra Nova biedt de route al sinds 1 augustus 2023 aan en telt niet mee voor de 4.")
    }

    /// Every rule runs without error every 31 days from before the baseline to a year after the deadline.
    @Test func everyRuleRunsOnEveryMonth() throws {
        var day = Day(iso: "2023-12-01")!
        while day <= Day(iso: "2028-08-01")! {
            for (id, judgement) in try Self.judge(day.description) {
                #expect(judgement.status != .error, "\(id) on \(day): \(judgement.failure.map(\.description) ?? "")")
            }
            day = day.adding(days: 31)
        }
    }
}
