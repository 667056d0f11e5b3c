import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// The default workspace agrees with the covenant's facts (shared/domain/covenant.md).
@Suite("the Amsterdam default workspace")
struct AmsterdamFactsTests {
    let workspace: Workspace
    init() throws { workspace = try WorkspaceFixtures.load(WorkspaceFixtures.amsterdam) }

    var baseline: CovenantState { workspace.state(asOf: WorkspaceFixtures.day("2024-01-01")) }

    @Test func validatesWithoutErrorsOrWarnings() {
        let result = WorkspaceLoader.load(from: WorkspaceFixtures.amsterdam)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test func periodAndParties() {
        let covenant = workspace.covenant
        #expect(covenant.name == "Doorlopend leren vo-mbo" && covenant.region == "Amsterdam")
        #expect(covenant.baselineDate.description == "2024-01-01" && covenant.deadline.description == "2027-07-31")
        // The stuurgroep: ZAAM, VOvA, Esprit, MSA; ROCvA-F, Mediacollege, HMC; the samenwerkingsverband.
        #expect(covenant.parties.compactMap(\.board) == ["zaam", "vova", "esprit", "msa", "rocva-f", "bestuur-mediacollege", "bestuur-hmc", "swv"])
        #expect(covenant.actionLines.map(\.id) == ["leerroutes", "lob", "kennisdeling"])
    }

    @Test func everyTargetWithItsBaselineAndTarget() throws {
        func target(_ id: String) throws -> Target { try #require(workspace.covenant.targets.first { $0.id == id }) }
        #expect(workspace.covenant.targets.map(\.id) == ["routes-vmbo-b", "routes-vmbo-k", "routes-vmbo-t", "pro-vso-roc", "havo-routes",
                                                          "praktijkgericht", "lob-voorlichting", "bedrijfsleven", "decanen",
                                                          "kennisdeling", "data-delen", "evaluatie"])
        let expected: [(String, Target.Kind, Double?, Double)] = [
            ("routes-vmbo-b", .cumulativeCount, 4, 12), ("routes-vmbo-k", .cumulativeCount, 0, 3),
            ("routes-vmbo-t", .cumulativeCount, 0, 4), ("pro-vso-roc", .coverage, nil, 100),
            ("havo-routes", .milestones, 0, 3), ("praktijkgericht", .coverage, nil, 100),
            ("lob-voorlichting", .coverage, nil, 100), ("decanen", .countPerSchoolYear, nil, 4),
            ("evaluatie", .countPerSchoolYear, nil, 2),
        ]
        for (id, kind, baselineValue, targetValue) in expected {
            let target = try target(id)
            #expect(target.kind == kind, "\(id)")
            #expect(target.baselineValue == baselineValue, "\(id)")
            #expect(target.targetValue == targetValue, "\(id)")
            #expect(target.baselineDate.description == "2024-01-01" && target.deadline.description == "2027-07-31", "\(id)")
        }
        #expect(try target("routes-vmbo-k").perSchoolYear == 1)
    }

    @Test func twentyFourSchoolsOfferVmboBAndTwentyTwoVmboK() {
        #expect(workspace.schools.filter { $0.offers(.vmboB) }.count == 24)
        #expect(workspace.schools.filter { $0.offers(.vmboK) }.count == 22)
    }

    /// Legal routes (DLR, GLR) from `level` that are being developed or running on the baseline day.
    func baselineRoutes(from level: EducationLevel) -> [RouteState] {
        baseline.routes.filter { [.dlr, .glr].contains($0.route.kind) && $0.route.fromLevel == level && $0.isInDevelopmentOrRunning }
    }

    @Test func fourVmboBSchoolsHadARouteOnTheBaselineDay() {
        let routes = baselineRoutes(from: .vmboB)
        #expect(Set(routes.flatMap(\.route.schools)) == ["calvijn", "mlo", "bindelmeer", "noorderlicht"])
        #expect(routes.allSatisfy { $0.route.institution == "rocva" && $0.route.toLevel == 2 })
    }

    @Test func noVmboKRouteOnTheBaselineDay() {
        #expect(baselineRoutes(from: .vmboK).isEmpty)
        // Only the partial Beursplein project (2021 inventory), which is formally no leerroute.
        #expect(baseline.routes.filter { $0.route.fromLevel == .vmboK }.map(\.route.kind) == [.gedeeltelijk])
    }

    @Test func terraNovaAloneOfferedVmboTToNiveau4WithROCvanAmsterdam() {
        let routes = baselineRoutes(from: .vmboGT).filter { $0.route.toLevel == 4 }
        #expect(routes.map(\.route.schools) == [["terra-nova"]])
        #expect(routes.map(\.route.institution) == ["rocva"])
        #expect(workspace.schools.first { $0.id == "terra-nova" }?.name == "Montessori College Terra Nova")
    }

    @Test func inventedRecordsAreMarkedAsExamples() {
        // Every school is either from a source or an example, and the name says which.
        for school in workspace.schools {
            #expect((school.origin == "voorbeeld") == school.name.contains("(voorbeeld)"), "\(school.id)")
            #expect(school.origin != nil, "\(school.id) names no source")
        }
        // The sources end before the covenant: every record of progress since 2024 is an example.
        let since = WorkspaceFixtures.day("2024-01-02")
        #expect(workspace.routes.flatMap(\.stages).filter { $0.date >= since }.allSatisfy { record in
            workspace.routes.first { $0.stages.contains { $0.source == record.source } }?.origin == "voorbeeld"
        })
        #expect(workspace.events.allSatisfy { $0.origin == "voorbeeld" })
        #expect(workspace.schoolYearReports.allSatisfy { $0.origin == "voorbeeld" })
        #expect(workspace.dataSharing.allSatisfy { $0.origin == "voorbeeld" })
    }

    @Test func theFocusDistrictsHaveSchools() {
        for district in [Stadsdeel.nieuwWest, .zuidoost, .noord] {
            #expect(workspace.schools.contains { $0.stadsdeel == district }, "\(district)")
        }
    }
}
