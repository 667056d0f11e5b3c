import CovenantModel
import Foundation
import LuaHost
import ReportModel
import RuleEngine
import TargetJudgement
import Testing

/// The status methods of koers.lua at their edges: exact numbers at the thresholds, the same
/// rounding as the report, a target that can no longer be reached, and planned meetings.
@Suite("status methods")
struct StatusMethodTests {
    /// Runs `source` as the rule of routes-vmbo-b in the minimal workspace (baseline 1 school on
    /// 2024-01-01, target 3 on 2027-07-31) and returns its judgement.
    static func judge(_ source: String, asOf: String) throws -> TargetJudgement {
        let workspace = try RuleWorkspace(rules: ["routes-vmbo-b": source])
        let judgement = try #require(try workspace.judge(asOf: asOf)["routes-vmbo-b"])
        if let failure = judgement.failure { Issue.record("\(failure)") }
        return judgement
    }

    /// Thresholds on exact numbers: on the line is on track, anything below it at most one unit is
    /// a risk, more is behind; the deadline day is final.
    @Test func countThresholdsAreExact() throws {
        let judgement = try Self.judge("""
            local koers = require("koers")
            local t = { target = { value = 12, deadline = "2027-07-31" } }
            local out = {}
            for _, case in ipairs({ { 10, 10 }, { 10, 10.0000001 }, { 10, 11 }, { 10, 11.0000001 }, { 12, 20 }, { 9, 9.5 } }) do
              out[#out + 1] = koers.status(t, case[1], case[2], nil, "2026-11-29")
            end
            out[#out + 1] = koers.status(t, 11, 11, nil, "2027-07-31")   -- the deadline day: final
            out[#out + 1] = koers.status(t, 11, 10, 13, "2026-11-29")    -- a projection that reaches the target
            out[#out + 1] = koers.status(t, 9, 10.5, 12, "2026-11-29")   -- below the line, the pace still reaches it
            return { status = "on_track", notes = out }
            """, asOf: "2026-11-29")
        #expect(judgement.notes == ["on_track", "at_risk", "at_risk", "behind", "achieved", "at_risk", "behind", "on_track", "at_risk"])
    }

    /// Koers' rule library and the report round the same way, so a rule's sentence and the cards agree.
    @Test func theRulesAndTheReportShowNumbersAlike() throws {
        let values: [Double] = [0, 0.04, 0.05, 0.15, 0.25, 1.45, 2.5, 10.449, 10.45, 10.5, 66.666666, 99.4, 99.5, 99.94, 99.96,
                                100, 1234.5, 1500, 999.96, 0.004, 50]
        let judgement = try Self.judge("""
            local koers = require("koers")
            local out = {}
            for _, v in ipairs({ \(values.map { "\($0)" }.joined(separator: ", ")) }) do
              out[#out + 1] = koers.number(v) .. " " .. koers.percent(v)
            end
            return { status = "on_track", notes = out }
            """, asOf: "2026-11-29")
        let words = Vocabulary.dutch
        #expect(judgement.notes == values.map { "\(words.number($0)) \(words.percent($0))" })
        // Value and expectation shown so that they compare as the exact numbers do, alike in both.
        let pairs: [(Double, Double, String, Double?)] = [
            (10, 10.04, "scholen", nil), (10, 10.5, "scholen", nil), (94.37, 94.3, "%", nil), (94, 94.3, "%", nil), (3, 3.989, "", nil),
            (76.92, 91.7, "%", nil), (10, 10, "scholen", nil), (99.99, 100, "%", nil), (2, 2.0004, "", nil),
            // With a count's slack of one unit: more than one below also shows as more than one.
            (2, 3.0005, "scholen", 1), (2, 3.04, "scholen", 1), (2, 2.96, "scholen", 1)]
        let paired = try Self.judge("""
            local koers = require("koers")
            local out = {}
            for _, p in ipairs({ \(pairs.map { "{ \($0.0), \($0.1), \"\($0.2)\", \($0.3.map { "\($0)" } ?? "nil") }" }.joined(separator: ", ")) }) do
              local v, e = koers.pair(p[1], p[2], p[3], p[4])
              out[#out + 1] = v .. " | " .. e
            end
            return { status = "on_track", notes = out }
            """, asOf: "2026-11-29")
        #expect(paired.notes == pairs.map { let p = words.pair(value: $0.0, expected: $0.1, unit: $0.2, slack: $0.3); return "\(p.value) | \(p.expected)" })
        #expect(words.pair(value: 2, expected: 3.0005, unit: "scholen", slack: 1) == ("2 scholen", "3,001 scholen"))
        #expect(words.pair(value: 10, expected: 10.04, unit: "scholen") == ("10 scholen", "10,04 scholen"))
        #expect(words.pair(value: 94.37, expected: 94.3, unit: "%") == ("94,4%", "94,3%"))
        #expect(words.pair(value: 2, expected: 2.0004, unit: nil) == ("2", "2,0004"))
        #expect(words.pair(value: 10, expected: 10.5, unit: "scholen") == ("10 scholen", "10,5 scholen"))
        // Half up, and never a false 100% or 0%.
        #expect(words.percent(66.666666) == "67%" && words.percent(99.96) == "99,9%" && words.percent(0.004) == "0,1%")
        #expect(words.percent(100) == "100%" && words.number(10.45) == "10,5" && words.number(1500) == "1.500")
    }

    /// A rule whose reading fixes the earliest day a next unit can count says so once that day is
    /// after the deadline: behind, "niet meer haalbaar", not a risk that no action can save.
    @Test func aTargetThatCanNoLongerBeReachedIsBehindAndSaysSo() throws {
        let rule = { (earliest: String) in """
            local koers = require("koers")
            return koers.judge_count { state = state, target = target, value = 2, unit = "scholen",
              earliest_next = "\(earliest)", earliest_why = "een school zonder gestart cohort" }
            """ }
        let late = try Self.judge(rule("2027-08-24"), asOf: "2026-11-29")
        #expect(late.status == .behind)
        #expect(late.reason == "Niet meer haalbaar vóór 31 juli 2027: 2 van de 3 scholen, en een school zonder gestart cohort telt op zijn vroegst op 24 augustus 2027.")
        // Still reachable: the line decides (2 against 2,6 expected: less than one below).
        let inTime = try Self.judge(rule("2027-03-01"), asOf: "2026-11-29")
        #expect(inTime.status == .atRisk && inTime.reason?.hasPrefix("2 van de 3 scholen, 0,6 onder de lijn") == true)
        // Reached is reached, whatever the reading says about the next one.
        #expect(try Self.judge(rule("2027-08-24").replacingOccurrences(of: "value = 2", with: "value = 3"), asOf: "2026-11-29").status == .achieved)
    }

    /// A school year's plan is the value of held and planned together: for a value that is not a
    /// sum (directions shared), a planned exchange in a direction already shared adds nothing.
    @Test func thePlanIsTheValueOfHeldAndPlannedTogether() throws {
        let events = """
            id;date;kind;form;title;participants;planned
            a1;2024-09-24;decanenoverleg;;Decanenoverleg;noordschool;
            a2;2024-11-19;decanenoverleg;;Decanenoverleg;noordschool;
            p1;2025-02-10;decanenoverleg;;Gepland;noordschool;ja
            """
        let rule = """
            local koers = require("koers")
            -- Distinct participants, not a count: a plan with the same participant adds nothing.
            local function schools(list) return #koers.distinct(list, function(e) return e.participants[1] end) end
            return koers.judge_yearly { state = state, target = target, records = state.events, planned = state.planned_events,
              per_year = 1, value = schools }
            """
        let workspace = try RuleWorkspace(rules: ["decanen": rule], files: ["state/events.csv": events])
        let judgement = try #require(try workspace.judge(asOf: "2024-12-01")["decanen"])
        #expect(judgement.value == 1 && judgement.projection == 1, "held and planned: one school, not two")
    }

    /// The deadline day and the day after: the line ends at the target, and nothing is "on track" any more.
    @Test func theDeadlineDayIsFinal() throws {
        let rule = "return require('koers').judge_count { state = state, target = target, value = 2 }"
        for day in ["2027-07-31", "2027-08-01"] {
            let judgement = try Self.judge(rule, asOf: day)
            #expect(judgement.status == .behind && judgement.expected == 3)
            #expect(judgement.reason == "Deadline 31 juli 2027 bereikt met 2 van de 3 scholen.")
        }
        #expect(try Self.judge(rule, asOf: "2027-07-30").status == .atRisk)
    }

    /// Planned meetings (planned = ja) are the running year's plan until their day, and never
    /// count as held: a plan that reaches the year's number lifts the status one step.
    @Test func plannedMeetingsAreAPlanNotMeetingsHeld() throws {
        let events = """
            id;date;kind;form;title;participants;planned
            a1;2024-09-24;decanenoverleg;;Decanenoverleg;noordschool;
            a2;2024-11-19;decanenoverleg;;Decanenoverleg;noordschool;
            a3;2025-02-11;decanenoverleg;;Decanenoverleg;noordschool;
            a4;2025-05-20;decanenoverleg;;Decanenoverleg;noordschool;
            d1;2025-10-07;decanenoverleg;;Decanenoverleg;noordschool;
            p1;2026-02-10;decanenoverleg;;Gepland;noordschool;ja
            p2;2026-04-14;decanenoverleg;;Gepland;noordschool;ja
            p3;2026-06-09;decanenoverleg;;Gepland;noordschool;ja
            """
        let rule = """
            local koers = require("koers")
            local function meetings(list) return koers.filter(list, function(e) return e.kind == "decanenoverleg" end) end
            return koers.judge_yearly { state = state, target = target, records = meetings(state.events),
              planned = meetings(state.planned_events),
              notes = { #state.events .. " gehouden, " .. #state.planned_events .. " gepland" } }
            """
        let workspace = try RuleWorkspace(rules: ["decanen": rule], files: ["state/events.csv": events])
        // 29 November: 1 held against 1,3; with the plan the year reaches four: on track.
        let november = try #require(try workspace.judge(asOf: "2025-11-29")["decanen"])
        #expect(november.status == .onTrack && november.value == 1 && november.projection == 4 && november.projectionBasis == .plan)
        #expect(november.notes.first == "5 gehouden, 3 gepland")
        #expect(november.reason == "2025-26: 1 van de 4, naar rato 1,3 verwacht, 3 gepland; minder dan één achter op schema, dus nog niets achterstallig.")
        // 1 March: p1's day has passed without being confirmed, so it is neither held nor planned:
        // 1 held against 2,3 (one meeting overdue) and a plan of 3 that does not reach four: a risk.
        let march = try #require(try workspace.judge(asOf: "2026-03-01")["decanen"])
        #expect(march.notes.first == "5 gehouden, 2 gepland")
        #expect(march.value == 1 && march.projection == 3 && march.status == .atRisk)
        #expect(march.reason == "2025-26: 1 van de 4, naar rato 2,3 verwacht, 2 gepland; één achter op schema.")
        // Without a plan the projection is only what was held: meetings are not a trend.
        let bare = try RuleWorkspace(rules: ["decanen": rule], files: ["state/events.csv": String(events.split(separator: "\n").prefix(6).joined(separator: "\n")) + "\n"])
        let alone = try #require(try bare.judge(asOf: "2025-11-29")["decanen"])
        #expect(alone.projection == 1 && alone.status == .onTrack)
    }
}
