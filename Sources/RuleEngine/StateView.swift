import CovenantModel
import LuaHost

/// The Lua view of the state: the covenant state as of a day, as plain Lua tables.
///
/// Dates are ISO text (`"2025-03-14"`, which compare correctly as strings), school years are
/// `"2024-25"`, terms are the words of the data files, and every record carries `source`
/// (`"state/routes.csv:12"`). Each rule gets its own copy, so no rule can change what another sees.
public enum StateView {
    /// The `state` global of rules and plugins; `derived` is what plugins derived, by plugin name.
    public static func state(_ state: CovenantState, derived: [String: LuaValue] = [:]) -> LuaValue {
        .record([
            "derived": .record(derived),
            "as_of": .string(state.asOf.description),
            "school_year": .string(state.schoolYear.description),
            "covenant": covenant(state.covenant),
            "boards": .array(state.boards.map { board in
                .record(["id": .string(board.id), "name": .string(board.name), "sector": .string(board.sector.rawValue),
                         "source": source(board.source)])
            }),
            "schools": .array(state.schools.map(school)),
            "institutions": .array(state.institutions.map { institution in
                .record(["id": .string(institution.id), "name": .string(institution.name), "board": optional(institution.board),
                         "source": source(institution.source)])
            }),
            "colleges": .array(state.colleges.map { college in
                .record(["id": .string(college.id), "institution": .string(college.institution), "name": .string(college.name),
                         "stadsdeel": optional(college.stadsdeel?.rawValue), "source": source(college.source)])
            }),
            "routes": .array(state.routes.map(route)),
            "route_stages": .array(RouteStage.allCases.map { .string($0.rawValue) }),
            "events": .array(state.events.map(event)),
            "school_reports": .array(state.schoolYearReports.map(report)),
            "data_sharing": .array(state.dataSharing.map { sharing in
                .record(["date": .string(sharing.date.description), "from": .string(sharing.from), "to": .string(sharing.to),
                         "kind": .string(sharing.kind.rawValue), "source": source(sharing.source)])
            }),
            "havo_milestones": .array(state.havoMilestones.map { milestone in
                .record(["step": .string(milestone.step.rawValue), "date": .string(milestone.date.description),
                         "source": source(milestone.source)])
            }),
            "waivers": .array(state.waivers.map(waiver)),
        ])
    }

    public static func target(_ target: Target, asOf day: Day, waivers: [Waiver]) -> LuaValue {
        .record([
            "id": .string(target.id), "action_line": .string(target.actionLine), "title": .string(target.title),
            "kind": .string(target.kind.rawValue), "unit": optional(target.unit), "notes": optional(target.notes),
            "baseline": .record(["value": number(target.baselineValue), "date": .string(target.baselineDate.description)]),
            "target": .record(["value": number(target.targetValue), "deadline": .string(target.deadline.description),
                               "per_school_year": number(target.perSchoolYear)]),
            "freshness": target.freshness.map { freshness in
                .record(["amount": .integer(Int64(freshness.amount)), "unit": .string(freshness.unit.rawValue),
                         "oldest_fresh_date": .string(freshness.oldestFreshDay(on: day).description)])
            } ?? .nil,
            "waivers": .array(waivers.map(waiver)),
            "source": source(target.source),
        ])
    }

    private static func covenant(_ covenant: Covenant) -> LuaValue {
        .record([
            "name": .string(covenant.name), "region": optional(covenant.region),
            "baseline": .string(covenant.baselineDate.description), "deadline": .string(covenant.deadline.description),
            "school_years": .array(covenant.schoolYears.map { .string($0.description) }),
            "focus_districts": .array(Stadsdeel.focusDistricts.map { .string($0.rawValue) }),
            "crucial_sectors": .array(Route.Sector.allCases.filter(\.isCrucial).map { .string($0.rawValue) }),
        ])
    }

    private static func school(_ school: School) -> LuaValue {
        .record([
            "id": .string(school.id), "name": .string(school.name), "board": optional(school.board),
            "stadsdeel": optional(school.stadsdeel?.rawValue),
            "focus_district": .boolean(school.stadsdeel?.isFocusDistrict ?? false),
            "levels": .array(school.levels.sorted().map { .string($0.rawValue) }),
            "example": .boolean(school.origin == "voorbeeld"),
            "source": source(school.source),
        ])
    }

    private static func route(_ state: RouteState) -> LuaValue {
        let route = state.route
        return .record([
            "id": .string(route.id), "name": .string(route.name), "schools": .array(route.schools.map { .string($0) }),
            "institution": .string(route.institution), "college": optional(route.college), "kind": .string(route.kind.rawValue),
            "from_level": .string(route.fromLevel.rawValue), "to_level": route.toLevel.map { .integer(Int64($0)) } ?? .nil,
            "sector": .string(route.sector.rawValue), "crucial_sector": .boolean(route.sector.isCrucial),
            "qualifications": .array(route.qualifications.map { .string($0) }),
            "stage": .string(state.stage.rawValue), "stage_since": .string(state.stageSince.description),
            "stages": .array(state.stages.map { record in
                .record(["stage": .string(record.stage.rawValue), "date": .string(record.date.description), "source": source(record.source)])
            }),
            "requirements": .array(state.requirementsMet.map { record in
                .record(["requirement": .string(record.requirement.description), "date": .string(record.date.description),
                         "evidence": .string(record.evidence), "source": source(record.source)])
            }),
            "cohorts": .array(state.cohorts.map { record in
                .record(["school_year": .string(record.schoolYear.description), "students": .integer(Int64(record.students)),
                         "source": source(record.source)])
            }),
            "example": .boolean(route.origin == "voorbeeld"),
            "source": source(route.source),
        ])
    }

    private static func event(_ event: Event) -> LuaValue {
        .record([
            "id": .string(event.id), "date": .string(event.date.description),
            "school_year": .string(SchoolYear(containing: event.date).description), "kind": .string(event.kind.rawValue),
            "form": optional(event.form?.rawValue), "title": .string(event.title),
            "participants": .array(event.participants.map { .string($0) }), "source": source(event.source),
        ])
    }

    private static func report(_ report: SchoolYearReport) -> LuaValue {
        func count(_ value: Int?) -> LuaValue { value.map { .integer(Int64($0)) } ?? .nil }
        return .record([
            "school": .string(report.school), "school_year": .string(report.schoolYear.description),
            "reported_on": .string(report.reportedOn.description),
            "lob_voorlichting": report.lobVoorlichting.map(LuaValue.boolean) ?? .nil,
            "praktijkgericht": report.praktijkgericht.map(LuaValue.boolean) ?? .nil,
            "stages": count(report.stages), "werkbezoeken": count(report.werkbezoeken),
            "praktijkopdrachten": count(report.praktijkopdrachten), "business_activities": count(report.businessActivities),
            "pro_vso_able": count(report.proVsoAble), "pro_vso_offered": count(report.proVsoOffered),
            "source": source(report.source),
        ])
    }

    private static func waiver(_ waiver: Waiver) -> LuaValue {
        .record([
            "target": .string(waiver.target), "school": optional(waiver.school), "from": .string(waiver.from.description),
            "until": optional(waiver.until?.description), "reason": .string(waiver.reason), "decided_by": .string(waiver.decidedBy),
            "source": source(waiver.source),
        ])
    }

    private static func source(_ location: SourceLocation) -> LuaValue { .string(location.description) }
    private static func optional(_ text: String?) -> LuaValue { text.map(LuaValue.string) ?? .nil }
    private static func number(_ value: Double?) -> LuaValue {
        guard let value else { return .nil }
        return value == value.rounded() && abs(value) < 1e15 ? .integer(Int64(value)) : .number(value)
    }
}
