import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// The state on a day is derived from dated records: the same workspace judged on different days.
@Suite("state as of a date")
struct AsOfTests {
    let workspace: Workspace
    init() throws { workspace = try WorkspaceFixtures.load(WorkspaceFixtures.minimal) }

    func day(_ text: String) -> Day { WorkspaceFixtures.day(text) }

    @Test func onTheBaselineDay() {
        let state = workspace.state(asOf: day("2024-01-01"))
        #expect(state.schoolYear.description == "2023-24")
        // zuid-ict is first explored on 2024-03-01; only the old route exists.
        #expect(state.routes.map(\.route.id) == ["noord-zorg"])
        #expect(state.routes[0].stage == .eersteCohortGestart && state.routes[0].isRunning)
        #expect(state.events.isEmpty && state.schoolYearReports.isEmpty && state.dataSharing.isEmpty)
        // The waiver starts that day.
        #expect(state.waivers.map(\.target) == ["lob-voorlichting"])
        #expect(state.schoolYearsSoFar.map(\.description) == ["2023-24"])
    }

    @Test func onTheLastDayOfASchoolYear() throws {
        let state = workspace.state(asOf: day("2025-07-31"))
        #expect(state.schoolYear.description == "2024-25")
        let ict = try #require(state.routes.first { $0.route.id == "zuid-ict" })
        // Reached that very day: a record dated on the as-of day counts.
        #expect(ict.stage == .overeenkomstGetekend && ict.stageSince == day("2025-07-31"))
        #expect(ict.isInDevelopmentOrRunning && !ict.isRunning)
        #expect(ict.requirementsMet.map(\.requirement) == [.r5])
        #expect(ict.cohorts.isEmpty, "the 2025-26 cohort has not started")
        #expect(state.schoolYearReports.map(\.school) == ["noordschool", "zuidschool"])
        #expect(state.waivers.isEmpty, "the waiver ended on 2024-07-31")
    }

    @Test func onTheFirstDayOfTheNextSchoolYear() throws {
        let state = workspace.state(asOf: day("2025-08-01"))
        #expect(state.schoolYear.description == "2025-26")
        let ict = try #require(state.routes.first { $0.route.id == "zuid-ict" })
        #expect(ict.isRunning)
        #expect(ict.stages.map(\.stage) == [.verkenning, .inOntwikkeling, .overeenkomstGetekend, .eersteCohortGestart])
        #expect(ict.cohorts.map(\.students) == [16])
        #expect(state.schoolYearReports.map(\.school) == ["noordschool", "zuidschool", "praktijkschool"])
        #expect(state.schoolYearsSoFar.map(\.description) == ["2023-24", "2024-25", "2025-26"])
    }

    @Test func eventsCountFromTheDayTheyAreHeld() {
        #expect(workspace.state(asOf: day("2024-09-23")).events.isEmpty)
        #expect(workspace.state(asOf: day("2024-09-24")).events.map(\.id) == ["decanen-1"])
        #expect(workspace.state(asOf: day("2027-07-31")).events.map(\.id) == ["decanen-1", "workshop-1"])
    }

    @Test func aStoppedRouteShowsAsStopped() throws {
        let stopped = try AssembledWorkspace(files: [
            "state/route-stages.csv": Data("route;stage;date\nnoord-zorg;eerste-cohort-gestart;2019-08-01\nnoord-zorg;gestopt;2025-01-31\nzuid-ict;verkenning;2024-03-01\n".utf8),
        ])
        let loaded = try WorkspaceFixtures.load(stopped.url)
        let before = loaded.state(asOf: day("2025-01-30")).routes[0], after = loaded.state(asOf: day("2025-01-31")).routes[0]
        #expect(before.isRunning && before.isInDevelopmentOrRunning)
        #expect(after.stage == .gestopt && !after.isRunning && !after.isInDevelopmentOrRunning)
    }

    @Test func schoolYearsRunFromAugustToJuly() {
        #expect(SchoolYear(containing: day("2025-07-31")).description == "2024-25")
        #expect(SchoolYear(containing: day("2025-08-01")).description == "2025-26")
        #expect(SchoolYear(startYear: 2099).description == "2099-00")
        #expect(SchoolYear(startYear: 2026).lastDay == day("2027-07-31"))
        #expect(workspace.covenant.schoolYears.map(\.description) == ["2023-24", "2024-25", "2025-26", "2026-27"])
    }

    @Test func daysCountAcrossMonthsAndLeapYears() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2024-02-29").adding(days: 1) == day("2024-03-01"))
        #expect(day("2024-01-01").days(to: day("2027-07-31")) == 1307)
        for ordinal in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(Day(ordinal: ordinal).ordinal == ordinal)
        }
    }

    @Test func freshnessGoesBackByCalendarMonths() {
        #expect(Freshness(amount: 1, unit: .months).oldestFreshDay(on: day("2025-03-31")) == day("2025-02-28"))
        #expect(Freshness(amount: 12, unit: .months).oldestFreshDay(on: day("2026-01-15")) == day("2025-01-15"))
        #expect(Freshness(amount: 1, unit: .years).oldestFreshDay(on: day("2024-02-29")) == day("2023-02-28"))
        #expect(Freshness(amount: 90, unit: .days).oldestFreshDay(on: day("2025-03-31")) == day("2024-12-31"))
    }
}
